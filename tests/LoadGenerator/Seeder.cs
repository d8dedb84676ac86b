using System.Net;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InterviewPlatform.LoadGenerator;

/// <summary>One candidate of a run: its interview, its join token, and the device name it reconnects with.</summary>
public sealed record Candidate(int Index, Guid InterviewId, string Token)
{
    /// <summary>Stable across reconnects, so another node resumes the session without a takeover prompt.</summary>
    public string Device => $"load-{Index}";
}

public sealed record Seeded(int CompanyId, IReadOnlyList<Candidate> Candidates);

/// <summary>
/// Writes a fresh tenant and its interviews straight to PostgreSQL (no admin API in the loop, so seeding
/// costs the server nothing), issues the tokens the server will accept, and checks what got stored.
/// </summary>
public sealed class Seeder : IAsyncDisposable
{
    private const int SaveBatch = 1000;
    private readonly PlatformDbContext _db;
    private readonly IOptions<AuthOptions> _auth;

    private Seeder(PlatformDbContext db, IOptions<AuthOptions> auth) => (_db, _auth) = (db, auth);

    /// <summary>From DATABASE_URL and SECRET_KEY, as the server reads them; refuses a database that is not on loopback.</summary>
    public static Seeder FromEnvironment()
    {
        var connectionString = new DatabaseOptions { Url = Environment.GetEnvironmentVariable("DATABASE_URL") }.TryBuildConnectionString(out var error)
            ?? throw new ArgumentException(error);
        var host = new NpgsqlConnectionStringBuilder(connectionString).Host ?? "";
        if (host != "localhost" && !(IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
            throw new ArgumentException($"DATABASE_URL must point at a loopback database, not '{host}'");
        var secret = Environment.GetEnvironmentVariable("SECRET_KEY");
        if (string.IsNullOrEmpty(secret)) throw new ArgumentException("SECRET_KEY is not set (the server's, to sign tokens it accepts)");

        var options = (DbContextOptions<PlatformDbContext>)DataServiceCollectionExtensions
            .Configure(new DbContextOptionsBuilder<PlatformDbContext>(), connectionString).Options;
        return new Seeder(new PlatformDbContext(options, SystemUser.Instance), Options.Create(new AuthOptions { SecretKey = secret }));
    }

    /// <summary>One company with <paramref name="candidates"/> interviews of <paramref name="questions"/> questions each, starting now.</summary>
    public async Task<Seeded> SeedAsync(string label, int candidates, int questions, CancellationToken ct)
    {
        var company = new Company { Name = $"Load {label} {DateTime.UtcNow:yyyyMMdd-HHmmss}" };
        var jd = new JobDescription { Company = company, Department = new Department { Company = company, Name = "Load" }, Title = "Load", Domain = "python" };
        _db.JobDescriptions.Add(jd);
        await _db.SaveChangesAsync(ct);

        var issuer = new CandidateTokenIssuer(_auth);
        var seeded = new List<Candidate>(candidates);
        foreach (var batch in Enumerable.Range(0, candidates).Chunk(SaveBatch))
        {
            var interviews = batch.Select(n => NewInterview(n, jd, questions)).ToList();
            _db.Interviews.AddRange(interviews);
            await _db.SaveChangesAsync(ct);
            _db.ChangeTracker.Clear();
            seeded.AddRange(interviews.Select((interview, i) => new Candidate(batch[i], interview.Id, issuer.Issue(interview))));
        }
        return new Seeded(company.Id, seeded);
    }

    /// <summary>
    /// Rewrites the question text of every interview of a seeded company to <paramref name="prefix"/> + <paramref name="text"/>,
    /// with the interview's id between them when <paramref name="perInterview"/> (so no two are the same).
    /// </summary>
    public Task<int> SetQuestionTextAsync(int companyId, string prefix, bool perInterview, string text, CancellationToken ct) =>
        _db.Database.ExecuteSqlAsync($"""
            UPDATE interview_questions q SET text = {prefix} || CASE WHEN {perInterview} THEN q.interview_id::text ELSE '' END || {text}
            FROM interviews i WHERE i.id = q.interview_id AND i.company_id = {companyId}
            """, ct);

    /// <summary>A company user of the tenant, stored (the server checks that the account is active), and its JWT.</summary>
    public async Task<string> RecruiterTokenAsync(int companyId, CancellationToken ct)
    {
        var user = new User
        {
            Email = $"load-{Guid.NewGuid():N}@example.test",
            PasswordHash = "!", // no password logs in
            Role = UserRole.CompanyUser,
            CompanyId = companyId,
        };
        _db.Users.Add(user);
        await _db.SaveChangesAsync(ct);
        return new AccessTokenIssuer(_auth, TimeProvider.System).Issue(user);
    }

    /// <summary>
    /// What the admin benchmark reads and logs in with: <paramref name="users"/> company users sharing one password (one
    /// bcrypt hash at the server's cost), a completed interview of 10 answered questions with an integrity timeline and an
    /// evaluation, and <paramref name="others"/> more interviews for the list.
    /// </summary>
    public async Task<(IReadOnlyList<string> Emails, Guid Completed)> SeedAdminAsync(int users, string password, int cost, int others, CancellationToken ct)
    {
        var company = new Company { Name = $"Admin bench {DateTime.UtcNow:yyyyMMdd-HHmmss}" };
        var jd = new JobDescription { Company = company, Department = new Department { Company = company, Name = "Bench" }, Title = "Backend engineer", Domain = "python" };
        _db.JobDescriptions.Add(jd);
        var hash = BCrypt.Net.BCrypt.HashPassword(password, cost);
        var emails = Enumerable.Range(0, users).Select(_ => $"bench-{Guid.NewGuid():N}@example.test").ToList();
        _db.Users.AddRange(emails.Select(e => new User { Email = e, PasswordHash = hash, Role = UserRole.CompanyUser, Company = company }));
        await _db.SaveChangesAsync(ct);

        var completed = NewInterview(0, jd, 10);
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        completed.Status = InterviewStatus.Evaluated;
        completed.StartedAt = at;
        completed.CompletedAt = at.AddMinutes(25);
        completed.EvaluationResult = """{"overall_score":7.5,"recommendation":"hire","summary":"Solid answers on most questions."}""";
        foreach (var q in completed.Questions) q.ExpectedAnswer = $"The expected answer to question {q.Ordinal}, a few sentences long.";
        completed.Answers = completed.Questions.Select(q => new InterviewAnswer
        {
            Ordinal = q.Ordinal,
            AnswerId = Guid.NewGuid(),
            Text = $"An answer of a realistic length to question {q.Ordinal}: " + string.Concat(Enumerable.Repeat("it explains the idea and an example. ", 12)),
            SubmittedAt = at.AddMinutes(q.Ordinal * 2),
        }).ToList();
        _db.Interviews.Add(completed);
        _db.IntegrityEvents.AddRange(Enumerable.Range(0, 6).Select(n => new IntegrityEvent
        {
            InterviewId = completed.Id,
            Kind = n % 2 == 0 ? IntegrityEventKind.FocusLost : IntegrityEventKind.FocusRegained,
            At = at.AddMinutes(n + 1),
            IpAddress = "127.0.0.1",
        }));
        _db.Interviews.AddRange(Enumerable.Range(1, others).Select(n => NewInterview(n, jd, 10)));
        await _db.SaveChangesAsync(ct);
        _db.ChangeTracker.Clear();
        return (emails, completed.Id);
    }

    /// <summary>Answers stored (not "unanswered"), acknowledged ids missing from storage, and interviews completed.</summary>
    public async Task<(int Stored, int AckedMissing, int Completed)> VerifyAsync(IReadOnlyList<Candidate> candidates, IReadOnlyCollection<Guid> acked, CancellationToken ct)
    {
        // In the fault run PostgreSQL restarted under us: the pooled connections are dead, open fresh ones.
        NpgsqlConnection.ClearAllPools();
        var ids = candidates.Select(c => c.InterviewId).ToList();
        var storedIds = (await _db.InterviewAnswers.Where(a => ids.Contains(a.InterviewId) && !a.Unanswered).Select(a => a.AnswerId).ToListAsync(ct)).ToHashSet();
        var completed = await _db.Interviews.CountAsync(i => ids.Contains(i.Id) && (i.Status == InterviewStatus.Completed || i.Status == InterviewStatus.Evaluated), ct);
        return (storedIds.Count, acked.Count(id => !storedIds.Contains(id)), completed);
    }

    private static Interview NewInterview(int n, JobDescription jd, int questions) => new()
    {
        Id = Guid.NewGuid(),
        CompanyId = jd.CompanyId,
        DepartmentId = jd.DepartmentId,
        JobDescriptionId = jd.Id,
        FullName = $"Candidate {n}",
        Age = 30,
        Email = $"load{n}@example.test",
        Domain = "python",
        ScheduledAt = DateTimeOffset.UtcNow,
        DurationMinutes = 60,
        InvitedAt = DateTimeOffset.UtcNow,
        Questions = Enumerable.Range(1, questions).Select(q => new InterviewQuestion { Ordinal = q, Text = $"Question {q}", TimeLimitSeconds = 600 }).ToList(),
    };

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
