using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.SessionServer.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>Largest hub message accepted (an answer is capped well below this).</summary>
    public const long MaximumMessageBytes = 256 * 1024;

    public static IServiceCollection AddInterviewSessions(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaximumMessageBytes;
            // SignalR's default: idle connections cost a ping each 15 s (the browser gives up after 30 s of silence).
            o.KeepAliveInterval = TimeSpan.FromSeconds(15);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
            o.EnableDetailedErrors = false;
            o.MaximumParallelInvocationsPerClient = 1;
            o.AddFilter<HubErrorLog>();
            // What a dropped connection may miss and get replayed on reconnect, bounded per connection. It also paces what the
            // node sends: once this much is unacknowledged the node waits, and browsers acknowledge once a second. Question
            // audio (24 kHz PCM, base64 in JSON: 64 KiB per second of speech) needs several times that to arrive ahead of
            // playback; at 64 KiB it trickled in at speaking speed. Held only until acknowledged.
            o.StatefulReconnectBufferSize = 512 * 1024;
        })
        // Enums travel as their names ("in_progress"), as in the REST API.
        .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)))
        .AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options(o.SerializerOptions));

        // Scale-out only when Redis is configured; a single node needs nothing else.
        var redis = configuration.Get<RedisOptions>() ?? new RedisOptions();
        if (redis.IsConfigured)
        {
            signalR.AddStackExchangeRedis(redis.ToConfigurationString()!, o => o.Configuration.ChannelPrefix =
                StackExchange.Redis.RedisChannel.Literal("interview-platform"));
            services.AddSingleton<ISessionLease, RedisSessionLease>();
        }
        else
        {
            services.AddSingleton<ISessionLease, InProcessSessionLease>();
        }

        services.AddPlatformSessions();
        services.AddSingleton<ISessionNotifier, SessionNotifier>();
        services.AddSingleton<CandidateAccess>();
        services.AddSingleton<SpokenAnswerReceiver>();
        services.AddSingleton<LocalSessions>();
        services.AddSingleton<SessionEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionEvents>());
        services.AddHostedService<LeaseRenewer>();
        return services;
    }

    /// <summary>The page a join link opens; it talks to <see cref="InterviewHub"/> with the link's token.</summary>
    public static IEndpointRouteBuilder MapCandidatePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/interview/{id:guid}", (IWebHostEnvironment env) =>
            Results.File(Path.Combine(env.WebRootPath, "interview.html"), "text/html; charset=utf-8")).AllowAnonymous();
        return app;
    }

    public static IEndpointRouteBuilder MapInterviewHubs(this IEndpointRouteBuilder app)
    {
        app.MapHub<InterviewHub>(InterviewHub.Path, o => o.AllowStatefulReconnects = true);
        app.MapHub<MonitorHub>(MonitorHub.Path);
        return app;
    }
}
