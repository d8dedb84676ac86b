using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Shared.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>The live-session engine of a node: sessions in memory, one timer structure, group-committed fenced writes.</summary>
    public static IServiceCollection AddPlatformSessions(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<SessionMetrics>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionWriter>());
        services.AddSingleton<SessionTimers>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionTimers>());
        services.AddSingleton<SessionEngine>();
        return services;
    }
}
