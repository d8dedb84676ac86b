using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>SessionServer in process on a fresh database, with hub connections over TestServer's WebSockets.</summary>
public sealed class SessionServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SecretKey = "test-secret-key-that-is-long-enough-for-hs256-0123456789";

    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DATABASE_URL", Database.Url);
        builder.UseSetting("SECRET_KEY", SecretKey);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<(User User, string Token)> StaffTokenAsync(UserRole role = UserRole.SuperAdmin)
    {
        await using var db = Database.CreateContext();
        var user = new User { Email = $"{Guid.NewGuid():N}@staff.test", PasswordHash = "-", Role = role };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user, Services.GetRequiredService<AccessTokenIssuer>().Issue(user));
    }

    public HubConnection Hub(string? token, HttpTransportType transport = HttpTransportType.WebSockets) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/interview"), o =>
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
            })
            .Build();

    public IOptions<AuthOptions> AuthOptions => Services.GetRequiredService<IOptions<AuthOptions>>();
}
