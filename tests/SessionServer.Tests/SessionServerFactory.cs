using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Tenancy;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// One SessionServer node in process. Several nodes can share one database and the real Redis
/// (backplane and lease), which is how the scale-out tests run "two servers".
/// </summary>
public class SessionNode(TestDatabase? shared = null, string? redisUrl = null, FakeTimeProvider? clock = null)
    : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SecretKey = "test-secret-key-that-is-long-enough-for-hs256-0123456789";

    public TestDatabase Database { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Database = shared ?? await TestDatabase.CreateAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DATABASE_URL", Database.Url);
        builder.UseSetting("SECRET_KEY", SecretKey);
        builder.UseSetting("EMAIL_PICKUP_DIR", Path.Combine(Path.GetTempPath(), "session-tests-mail"));
        builder.UseSetting("TTS_CACHE_DIR", Path.Combine(Path.GetTempPath(), "session-tests-tts"));
        if (redisUrl is not null) builder.UseSetting("REDIS_URL", redisUrl);
        if (clock is not null) builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock));
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (shared is null) await Database.DisposeAsync();
    }

    public static string RedisUrl => Environment.GetEnvironmentVariable("TEST_REDIS_URL")
        ?? throw new InvalidOperationException("TEST_REDIS_URL is not set: run the tests with ./platform test");

    /// <summary>The environment of a real host process on <paramref name="database"/> and the real Redis.</summary>
    public static Dictionary<string, string?> ProcessSettings(TestDatabase database) => new()
    {
        ["DATABASE_URL"] = database.Url,
        ["SECRET_KEY"] = SecretKey,
        ["REDIS_URL"] = RedisUrl,
    };

    public async Task<(User User, string Token)> StaffTokenAsync(UserRole role, int? companyId = null, int? departmentId = null)
    {
        await using var db = Database.CreateContext();
        var user = new User { Email = $"{Guid.NewGuid():N}@staff.test", PasswordHash = "-", Role = role, CompanyId = companyId, DepartmentId = departmentId };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user, Services.GetRequiredService<AccessTokenIssuer>().Issue(user));
    }

    /// <summary>A scheduled interview of a new company, straight in the database, at this node's time by default.</summary>
    public Task<Interview> ScheduleAsync(int questions = 5, int timeLimitSeconds = 120, DateTimeOffset? slot = null, int durationMinutes = 60) =>
        Database.ScheduleInterviewAsync(slot ?? clock?.GetUtcNow() ?? DateTimeOffset.UtcNow, questions, timeLimitSeconds, durationMinutes);

    /// <summary>
    /// Two questions: the first runs out after <paramref name="firstLimitSeconds"/>; the second, whose clock starts where the
    /// first ran out, has two minutes, so the page can be seen on it.
    /// </summary>
    public async Task<Interview> ScheduleRunningOutAsync(int firstLimitSeconds)
    {
        var interview = await ScheduleAsync(questions: 2, timeLimitSeconds: firstLimitSeconds);
        await using var db = Database.CreateContext();
        await db.InterviewQuestions.Where(q => q.InterviewId == interview.Id && q.Ordinal == 2).ExecuteUpdateAsync(s => s.SetProperty(q => q.TimeLimitSeconds, 120));
        return interview;
    }

    public string CandidateToken(Interview interview) => Services.GetRequiredService<CandidateTokenIssuer>().Issue(interview);

    public HubConnection Hub(string path, string? token, string? device = null, bool messagePack = false,
        HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var url = new UriBuilder(new Uri(Server.BaseAddress, path.TrimStart('/'))) { Query = device is null ? "" : $"device={device}" }.Uri;
        var builder = new HubConnectionBuilder().WithUrl(url, o =>
        {
            o.Transports = transport;
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            o.WebSocketFactory = async (context, ct) =>
            {
                var client = Server.CreateWebSocketClient();
                if (token is not null) client.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                return await client.ConnectAsync(context.Uri, ct);
            };
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        });
        return WithProtocol(builder, messagePack).Build();
    }

    /// <summary>The candidate page's protocols: MessagePack, or JSON with enums as snake_case names.</summary>
    public static IHubConnectionBuilder WithProtocol(IHubConnectionBuilder builder, bool messagePack) => messagePack
        ? builder.AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options(o.SerializerOptions))
        : builder.AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(
            new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower)));
}

/// <summary>A single node on its own database: the class fixture of most session tests.</summary>
public sealed class SessionServerFactory : SessionNode;

/// <summary>Two nodes in process on one fresh database, sharing Redis (backplane and lease) when <paramref name="redisUrl"/> is given.</summary>
public abstract class TwoNodes(string? redisUrl) : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;
    protected SessionNode NodeA { get; private set; } = null!;
    protected SessionNode NodeB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        NodeA = new SessionNode(Database, redisUrl);
        NodeB = new SessionNode(Database, redisUrl);
        await NodeA.InitializeAsync();
        await NodeB.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await NodeA.DisposeAsync();
        await NodeB.DisposeAsync();
        await Database.DisposeAsync();
    }
}
