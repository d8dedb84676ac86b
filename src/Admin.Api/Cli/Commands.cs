using System.Security.Cryptography;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Jobs;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Cli;

/// <summary>
/// <c>migrate</c> applies migrations (and creates or resets the super admin from ADMIN_EMAIL/ADMIN_PASSWORD);
/// <c>seed-demo</c> also adds a demo company, department and recruiter. Both are safe to repeat.
/// </summary>
public static class Commands
{
    public static bool IsCommand(string[] args) => args is ["migrate" or "seed-demo", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<PasswordHasher>();
        var config = app.Configuration;
        var log = app.Logger;

        await MigrateAsync(db, log);
        if (config["ADMIN_EMAIL"] is { Length: > 0 } email && config["ADMIN_PASSWORD"] is { Length: > 0 } password)
        {
            await UpsertUserAsync(db, hasher, email, password, "Platform Administrator", UserRole.SuperAdmin, null, null);
            Console.WriteLine($"Super admin: {User.NormalizeEmail(email)}");
        }
        if (args[0] == "seed-demo") await SeedDemoAsync(db, hasher, config);
        return 0;
    }

    /// <summary>Development convenience: the database follows the code without a separate step.</summary>
    public static async Task MigrateAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), app.Logger);
    }

    public static async Task MigrateAsync(PlatformDbContext db, ILogger log)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        await JobsSchema.InstallAsync(db);
        log.LogInformation("Database is up to date ({Applied} migration(s) applied now)", pending.Count);
        Console.WriteLine(pending.Count == 0 ? "Database already up to date" : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
    }

    private static async Task SeedDemoAsync(PlatformDbContext db, PasswordHasher hasher, IConfiguration config)
    {
        const string companyName = "Acme Robotics (demo)";
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Name == companyName)
            ?? db.Companies.Add(new Company { Name = companyName, Email = "hr@acme-robotics.example", Phone = "+1 555 0100" }).Entity;
        await db.SaveChangesAsync();

        var department = await db.Departments.SingleOrDefaultAsync(d => d.CompanyId == company.Id && d.Name == "Engineering")
            ?? db.Departments.Add(new Department { CompanyId = company.Id, Name = "Engineering" }).Entity;
        await db.SaveChangesAsync();

        var companyAdminPassword = config["DEMO_COMPANY_PASSWORD"] is { Length: > 0 } cp ? cp : Generate();
        var recruiterPassword = config["DEMO_RECRUITER_PASSWORD"] is { Length: > 0 } rp ? rp : Generate();
        await UpsertUserAsync(db, hasher, "admin@acme-robotics.example", companyAdminPassword, "Dana Company-Admin", UserRole.CompanyUser, company.Id, null);
        await UpsertUserAsync(db, hasher, "recruiter@acme-robotics.example", recruiterPassword, "Riley Recruiter", UserRole.DepartmentUser, company.Id, department.Id);
        Console.WriteLine($"Demo company #{company.Id} '{company.Name}', department #{department.Id} '{department.Name}'");
        Console.WriteLine($"Company admin: admin@acme-robotics.example / {companyAdminPassword}");
        Console.WriteLine($"Recruiter:     recruiter@acme-robotics.example / {recruiterPassword}");
    }

    private static async Task UpsertUserAsync(PlatformDbContext db, PasswordHasher hasher, string email, string password,
        string fullName, UserRole role, int? companyId, int? departmentId)
    {
        var normalized = User.NormalizeEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized);
        if (user is null)
        {
            user = new User { Email = normalized, PasswordHash = "", FullName = fullName };
            db.Users.Add(user);
        }
        user.PasswordHash = hasher.Hash(password);
        user.Role = role;
        user.CompanyId = companyId;
        user.DepartmentId = departmentId;
        user.IsActive = true;
        user.RenewSecurityStamp(); // a reset password (or role) retires tokens issued before it
        await db.SaveChangesAsync();
    }

    private static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
}
