using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>The real process, configured by environment variables only.</summary>
public sealed class ProcessTests
{
    private const string Secret = AdminApiFactory.SecretKey;
    private const string AdminApi = "Admin.Api";

    [Fact]
    public async Task Migrate_on_an_empty_database_then_again_when_up_to_date()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var env = new Dictionary<string, string?> { ["DATABASE_URL"] = database.Url, ["SECRET_KEY"] = Secret };

        var (first, firstOutput) = await HostProcess.RunToExitAsync(AdminApi, env, "migrate");
        Assert.True(first == 0, firstOutput);
        Assert.Contains("Applied", firstOutput);

        var (second, secondOutput) = await HostProcess.RunToExitAsync(AdminApi, env, "migrate");
        Assert.True(second == 0, secondOutput);
        Assert.Contains("already up to date", secondOutput);

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Migrate_creates_the_super_admin_and_later_resets_its_password()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = database.Url,
            ["SECRET_KEY"] = Secret,
            ["ADMIN_EMAIL"] = "Ops@Example.test",
            ["ADMIN_PASSWORD"] = "first password",
        };
        Assert.Equal(0, (await HostProcess.RunToExitAsync(AdminApi, env, "migrate")).ExitCode);
        env["ADMIN_PASSWORD"] = "second password";
        Assert.Equal(0, (await HostProcess.RunToExitAsync(AdminApi, env, "migrate")).ExitCode);

        await using var db = database.CreateContext();
        var admin = Assert.Single(await db.Users.ToListAsync());
        Assert.Equal("ops@example.test", admin.Email);
        Assert.Equal(Shared.Auth.UserRole.SuperAdmin, admin.Role);
        Assert.True(BCrypt.Net.BCrypt.Verify("second password", admin.PasswordHash));
    }

    [Fact]
    public async Task Serves_from_environment_variables_alone()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = database.Url,
            ["SECRET_KEY"] = Secret,
            ["ADMIN_EMAIL"] = "ops@example.test",
            ["ADMIN_PASSWORD"] = "ops password",
        };
        Assert.Equal(0, (await HostProcess.RunToExitAsync(AdminApi, env, "migrate")).ExitCode);

        await using var host = HostProcess.Start(AdminApi, env);
        var client = await host.WaitUntilServingAsync();

        var healthResponse = await client.GetAsync("/health");
        var health = await healthResponse.ReadEnvelopeAsync(200);
        Assert.Equal("healthy", health.Result().GetProperty("status").GetString());
        Assert.False(healthResponse.Headers.Contains("Server"), "Kestrel names itself in a Server header");
        Assert.Equal("nosniff", Assert.Single(healthResponse.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("healthy", health.Result().GetProperty("services").GetProperty("database").GetString());
        Assert.Equal("not_configured", health.Result().GetProperty("services").GetProperty("redis").GetString());
        await (await client.PostAsJsonAsync("/auth/login", new { email = "ops@example.test", password = "ops password" })).ReadEnvelopeAsync(200);

        // A body over the limit is refused before it is read (the client waits for 100-continue), still in the envelope.
        var huge = new ByteArrayContent(new byte[16 * 1024 * 1024]);
        huge.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = huge };
        request.Headers.ExpectContinue = true;
        await (await client.SendAsync(request)).ReadEnvelopeAsync(413);
    }

    [Fact]
    public async Task Health_is_degraded_with_503_when_the_database_is_down()
    {
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "postgresql://nobody:nothing@127.0.0.1:1/none",
            ["SECRET_KEY"] = Secret,
        };
        await using var host = HostProcess.Start(AdminApi, env);
        var client = await host.WaitUntilServingAsync();

        var health = await (await client.GetAsync("/health")).ReadEnvelopeAsync(503);
        Assert.Equal("degraded", health.Result().GetProperty("status").GetString());
        Assert.Equal("unhealthy", health.Result().GetProperty("services").GetProperty("database").GetString());
        await (await client.GetAsync("/health/ready")).ReadEnvelopeAsync(503);

        // A call that needs the database: "busy, retry" in the envelope, never the exception's text.
        var login = await client.PostAsJsonAsync("/auth/login", new { email = "a@b.test", password = "whatever" });
        var envelope = await login.ReadEnvelopeAsync(503);
        Assert.Equal("The service is busy; retry in a moment", envelope.Message());
        Assert.NotNull(login.Headers.RetryAfter);
        var body = await login.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Npgsql", body);
        Assert.DoesNotContain("Exception", body);
    }

    [Theory]
    [InlineData("SECRET_KEY", "too-short", "SECRET_KEY must be at least 32 bytes")]
    [InlineData("DATABASE_URL", "mysql://u:p@127.0.0.1/db", "DATABASE_URL must be a postgresql:// URL")]
    [InlineData("ACCESS_TOKEN_EXPIRE_MINUTES", "thirty", "'ACCESS_TOKEN_EXPIRE_MINUTES'")]
    [InlineData("RATE_LIMIT_PER_MINUTE", "-1", "RATE_LIMIT_PER_MINUTE must be 0 (off) or more")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.0/8,nginx.internal", "TRUSTED_PROXIES must list IP addresses or networks")]
    public async Task A_bad_setting_stops_start_up_with_one_line_naming_it(string variable, string value, string expected)
    {
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "postgresql://u:p@127.0.0.1:5432/db",
            ["SECRET_KEY"] = Secret,
            [variable] = value,
        };
        var (exitCode, output) = await HostProcess.RunToExitAsync(AdminApi, env);

        Assert.Equal(1, exitCode);
        var errorLine = Assert.Single(output.Split('\n'), l => l.StartsWith("Configuration error:"));
        Assert.Contains(expected, errorLine);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_dotenv_file_is_read_and_the_real_environment_wins()
    {
        await using var database = await TestDatabase.CreateAsync();
        var directory = Directory.CreateTempSubdirectory("dotenv");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, ".env"),
            $"DATABASE_URL={database.Url}\nSECRET_KEY=short\nUNKNOWN_V7_SETTING=ignored\n");
        try
        {
            // SECRET_KEY from .env alone is too short; the environment's value must win over it.
            await using var host = HostProcess.Start(AdminApi, new Dictionary<string, string?> { ["SECRET_KEY"] = Secret }, workingDirectory: directory.FullName);
            var client = await host.WaitUntilServingAsync();
            var health = await (await client.GetAsync("/health")).ReadEnvelopeAsync(200);
            Assert.Equal("healthy", health.Result().GetProperty("services").GetProperty("database").GetString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
