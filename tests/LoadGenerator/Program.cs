// Live-session load: N candidates at once, each joining and answering Q questions over the hub of a
// running SessionServer, measuring the time from SubmitAnswer to its acknowledgement (which the server
// sends only after the answer is committed), then checking in PostgreSQL that exactly N*Q answers exist.
//
//   DATABASE_URL=... SECRET_KEY=... dotnet run -c Release --project tests/LoadGenerator -- http://127.0.0.1:8002 [candidates=50] [questions=10]
//
// Loopback only; bounded by candidates*questions answers.
using System.Diagnostics;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

var url = args.Length > 0 ? args[0] : "http://127.0.0.1:8002";
var candidates = args.Length > 1 ? int.Parse(args[1]) : 50;
var questions = args.Length > 2 ? int.Parse(args[2]) : 10;
if (!new Uri(url).IsLoopback) throw new ArgumentException("The load generator only targets loopback addresses");

var database = new DatabaseOptions { Url = Environment.GetEnvironmentVariable("DATABASE_URL") };
var auth = Options.Create(new AuthOptions { SecretKey = Environment.GetEnvironmentVariable("SECRET_KEY") ?? "" });
var dbOptions = (DbContextOptions<PlatformDbContext>)DataServiceCollectionExtensions.Configure(new DbContextOptionsBuilder<PlatformDbContext>(), database.ConnectionString).Options;
await using var db = new PlatformDbContext(dbOptions, SystemUser.Instance);

// One tenant and N interviews starting now, written straight to the database.
var company = new Company { Name = $"Load test {DateTime.UtcNow:yyyyMMdd-HHmmss}" };
var jd = new JobDescription { Company = company, Department = new Department { Company = company, Name = "Load" }, Title = "Load", Domain = "python" };
db.JobDescriptions.Add(jd);
await db.SaveChangesAsync();
var interviews = Enumerable.Range(0, candidates).Select(n => new Interview
{
    Id = Guid.NewGuid(),
    CompanyId = company.Id,
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
}).ToList();
db.Interviews.AddRange(interviews);
await db.SaveChangesAsync();
var issuer = new CandidateTokenIssuer(auth);

var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
var total = Stopwatch.StartNew();
await Task.WhenAll(interviews.Select(async interview =>
{
    await using var hub = new HubConnectionBuilder()
        .WithUrl($"{url.TrimEnd('/')}/hubs/interview?device=load", o => o.AccessTokenProvider = () => Task.FromResult<string?>(issuer.Issue(interview)))
        .Build();
    await hub.StartAsync();
    await hub.InvokeAsync<object>("Join");
    for (var ordinal = 1; ordinal <= questions; ordinal++)
    {
        var sent = Stopwatch.GetTimestamp();
        await hub.InvokeAsync<object>("SubmitAnswer", Guid.NewGuid(), ordinal, $"answer {ordinal}", null, DateTimeOffset.UtcNow);
        latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        await Task.Delay(Random.Shared.Next(20, 120)); // a candidate does not answer in a tight loop
    }
}));
total.Stop();

var ids = interviews.Select(i => i.Id).ToList();
var stored = await db.InterviewAnswers.CountAsync(a => ids.Contains(a.InterviewId) && !a.Unanswered);
var completed = await db.Interviews.CountAsync(i => ids.Contains(i.Id) && (i.Status == InterviewStatus.Completed || i.Status == InterviewStatus.Evaluated));
var sorted = latencies.Order().ToArray();
double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

Console.WriteLine($"candidates {candidates}, questions {questions}, answers acknowledged {sorted.Length}, stored {stored}, interviews completed {completed}");
Console.WriteLine($"wall time {total.Elapsed.TotalSeconds:F1} s, {sorted.Length / total.Elapsed.TotalSeconds:F0} acknowledged answers/s");
Console.WriteLine($"submit-to-ack latency ms: p50 {P(50):F1}, p95 {P(95):F1}, p99 {P(99):F1}, max {sorted[^1]:F1}");
return stored == candidates * questions && completed == candidates ? 0 : 1;
