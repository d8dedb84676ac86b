using InterviewPlatform.Shared.Audit;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Jobs;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InterviewPlatform.TestSupport;

/// <summary>
/// A fresh PostgreSQL database for one test class, created through TEST_DATABASE_URL (a role with
/// CREATEDB, set up by ./platform test) and dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string url)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        Url = url;
    }

    public string Name { get; }

    /// <summary>The v7-style DATABASE_URL of this database.</summary>
    public string Url { get; }

    public string ConnectionString => new DatabaseOptions { Url = Url }.ConnectionString;

    public static string ServerUrl => Environment.GetEnvironmentVariable("TEST_DATABASE_URL")
        ?? throw new InvalidOperationException("TEST_DATABASE_URL is not set: run the tests with ./platform test");

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var server = new Uri(ServerUrl);
        var admin = new DatabaseOptions { Url = ServerUrl }.ConnectionString;
        var name = $"test_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(admin, name, new UriBuilder(server) { Path = "/" + name }.Uri.ToString());
        if (migrate)
        {
            await using var db = database.CreateContext();
            await db.Database.MigrateAsync();
            await JobsSchema.InstallAsync(database.ConnectionString);
        }
        return database;
    }

    /// <summary>A context that sees every tenant, for arranging and checking rows directly.</summary>
    public PlatformDbContext CreateContext()
    {
        var options = DataServiceCollectionExtensions.Configure(new DbContextOptionsBuilder<PlatformDbContext>(), ConnectionString)
            .AddInterceptors(new AuditInterceptor(TimeProvider.System));
        return new PlatformDbContext((DbContextOptions<PlatformDbContext>)options.Options, SystemUser.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (attempt < 50 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                // A host process killed a moment ago can leave a backend still authenticating
                // (no role yet), which FORCE may not terminate; it goes away on its own.
                await Task.Delay(100);
            }
        }
    }
}
