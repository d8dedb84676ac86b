using InterviewPlatform.Shared.Configuration;

namespace InterviewPlatform.SessionServer.Sessions;

public static class SessionsServiceCollectionExtensions
{
    public const long MaximumMessageBytes = 64 * 1024;

    public static IServiceCollection AddInterviewSessions(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaximumMessageBytes;
            o.EnableDetailedErrors = false;
        }).AddMessagePackProtocol();

        // Scale-out only when Redis is configured; a single node needs nothing else.
        var redis = configuration.Get<RedisOptions>() ?? new RedisOptions();
        if (redis.IsConfigured)
        {
            signalR.AddStackExchangeRedis(redis.ToConfigurationString()!, o => o.Configuration.ChannelPrefix =
                StackExchange.Redis.RedisChannel.Literal("interview-platform"));
        }
        return services;
    }

    public static IEndpointRouteBuilder MapInterviewHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<InterviewHub>(InterviewHub.Path, o => o.AllowStatefulReconnects = true);
        return app;
    }
}
