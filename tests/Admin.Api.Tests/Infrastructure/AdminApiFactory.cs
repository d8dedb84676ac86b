using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Tenancy;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Infrastructure;

/// <summary>
/// Admin.Api in process on its own fresh database, with intent methods for arranging tenants and
/// logging in. One per test class (<c>IClassFixture</c>); tests never depend on each other's rows.
/// </summary>
public class AdminApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SecretKey = "test-secret-key-that-is-long-enough-for-hs256-0123456789";
    public const string SuperAdminEmail = "root@platform.test";
    public const string Password = "correct horse battery";

    private int _sequence;

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Settings on top of the defaults, as the environment would give them.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using var db = Database.CreateContext();
        db.Users.Add(new User
        {
            Email = SuperAdminEmail,
            PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, 4),
            Role = UserRole.SuperAdmin,
            FullName = "Root",
        });
        await db.SaveChangesAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DATABASE_URL", Database.Url);
        builder.UseSetting("SECRET_KEY", SecretKey);
        builder.UseSetting("PASSWORD_HASH_COST", "4");
        builder.UseSetting("RATE_LIMIT_PER_MINUTE", "0"); // tests call faster than people; RateLimitTests turn it on
        // Bursts of logins on a busy test machine wait for a turn instead of a 429; LoginPoolTests set 0.
        builder.UseSetting("LOGIN_QUEUE_SECONDS", "30");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, LoopbackClient>());
    }

    /// <summary>TestServer has no socket: present requests as coming from loopback, as nginx's would.</summary>
    private sealed class LoopbackClient : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>A client whose requests arrive through the proxy from <paramref name="ip"/>.</summary>
    public HttpClient ClientFrom(string ip)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ip);
        return client;
    }

    public static string RandomIp() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    public string UniqueName(string prefix) => $"{prefix} {Interlocked.Increment(ref _sequence)}";

    public async Task<HttpClient> LoginAsync(string email, string password = Password)
    {
        var response = await CreateClient().PostAsJsonAsync("/auth/login", new { email, password });
        var login = await response.ReadResultAsync<LoginResult>(200);
        return ClientWithToken(login.AccessToken);
    }

    public Task<HttpClient> LoginAsSuperAdminAsync() => LoginAsync(SuperAdminEmail);

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A company with one department, created directly in the database.</summary>
    public async Task<(Company Company, Department Department)> CreateTenantAsync()
    {
        await using var db = Database.CreateContext();
        var company = new Company { Name = UniqueName("Company") };
        var department = new Department { Company = company, Name = "Engineering" };
        db.Departments.Add(department);
        await db.SaveChangesAsync();
        return (company, department);
    }

    public async Task<User> CreateUserAsync(UserRole role, int? companyId = null, int? departmentId = null, string? email = null)
    {
        await using var db = Database.CreateContext();
        var user = new User
        {
            Email = email ?? $"user{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}"[..24] + "@test.example",
            PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, 4),
            Role = role,
            CompanyId = companyId,
            DepartmentId = departmentId,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A logged-in company_user of a new company (with one department).</summary>
    public async Task<TenantActor> CompanyAdminAsync()
    {
        var (company, department) = await CreateTenantAsync();
        var user = await CreateUserAsync(UserRole.CompanyUser, company.Id);
        return new TenantActor(await LoginAsync(user.Email), user, company, department);
    }

    /// <summary>A logged-in department_user of a new company.</summary>
    public async Task<TenantActor> DepartmentUserAsync()
    {
        var (company, department) = await CreateTenantAsync();
        var user = await CreateUserAsync(UserRole.DepartmentUser, company.Id, department.Id);
        return new TenantActor(await LoginAsync(user.Email), user, company, department);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}

public sealed record TenantActor(HttpClient Client, User User, Company Company, Department Department);
