using InterviewPlatform.Shared.Audit;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Notifications;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Shared.Data;

/// <summary>
/// The platform's one database. Tenant-owned sets are filtered by the caller's claims here and
/// nowhere else; code that must see across tenants (login, jobs) says so with IgnoreQueryFilters.
/// </summary>
/// <remarks>
/// New migration: <c>dotnet ef migrations add &lt;Name&gt; --project src/Shared --startup-project src/Shared --output-dir Data/Migrations</c>
/// </remarks>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options, ICurrentUser currentUser) : DbContext(options)
{
    public ICurrentUser CurrentUser { get; } = currentUser;

    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<JobDescription> JobDescriptions => Set<JobDescription>();
    public DbSet<Interview> Interviews => Set<Interview>();
    public DbSet<InterviewQuestion> InterviewQuestions => Set<InterviewQuestion>();
    public DbSet<InterviewAnswer> InterviewAnswers => Set<InterviewAnswer>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<IntegrityEvent> IntegrityEvents => Set<IntegrityEvent>();
    public DbSet<InterviewDraft> InterviewDrafts => Set<InterviewDraft>();
    public DbSet<Evaluation.EvaluationRun> EvaluationRuns => Set<Evaluation.EvaluationRun>();
    public DbSet<Ai.InterviewResumeMatch> ResumeMatches => Set<Ai.InterviewResumeMatch>();
    public DbSet<Speech.AnswerRecording> AnswerRecordings => Set<Speech.AnswerRecording>();

    // Read per query by the filters below (EF parameterises members of the context).
    private bool SeesAllTenants => CurrentUser.SeesAllTenants;
    private int? TenantCompanyId => CurrentUser.CompanyId;
    private int? TenantDepartmentId => CurrentUser.DepartmentId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);

        modelBuilder.Entity<Company>().HasQueryFilter(c => SeesAllTenants || c.Id == TenantCompanyId);
        modelBuilder.Entity<Department>().HasQueryFilter(d => SeesAllTenants ||
            (d.CompanyId == TenantCompanyId && (TenantDepartmentId == null || d.Id == TenantDepartmentId)));
        modelBuilder.Entity<User>().HasQueryFilter(u => SeesAllTenants ||
            (u.CompanyId == TenantCompanyId && (TenantDepartmentId == null || u.DepartmentId == TenantDepartmentId)));
        modelBuilder.Entity<JobDescription>().HasQueryFilter(j => SeesAllTenants ||
            (j.CompanyId == TenantCompanyId && (TenantDepartmentId == null || j.DepartmentId == TenantDepartmentId)));
        modelBuilder.Entity<Interview>().HasQueryFilter(i => SeesAllTenants ||
            (i.CompanyId == TenantCompanyId && (TenantDepartmentId == null || i.DepartmentId == TenantDepartmentId)));
        modelBuilder.Entity<Evaluation.EvaluationRun>().HasQueryFilter(r => SeesAllTenants || r.CompanyId == TenantCompanyId);
        modelBuilder.Entity<AuditLog>().HasQueryFilter(a => SeesAllTenants || a.CompanyId == TenantCompanyId);
    }
}
