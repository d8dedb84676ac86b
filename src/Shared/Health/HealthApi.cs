using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InterviewPlatform.Shared.Health;

/// <summary>v7's <c>/health</c> plus <c>/health/live</c> and <c>/health/ready</c> for load balancers.</summary>
public static class HealthApi
{
    public static IServiceCollection AddPlatformHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<Configuration.RedisConnection>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<RedisHealthCheck>("redis");
        return services;
    }

    public static IEndpointRouteBuilder MapPlatformHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("", HealthAsync).WithSummary("v7 health: database, AI, email and Redis");
        group.MapGet("/ready", HealthAsync).WithSummary("Ready to serve: 503 while the database or Redis is down");
        group.MapGet("/live", () => Envelope.Ok(new { status = "alive" }, "Alive")).WithSummary("The process is up");
        return app;
    }

    private static async Task<IResult> HealthAsync(HealthCheckService health, IConfiguration config, TimeProvider clock, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        var healthy = report.Status == HealthStatus.Healthy;
        var result = new HealthResult(
            healthy ? "healthy" : "degraded",
            clock.GetUtcNow(),
            new Dictionary<string, string>
            {
                ["database"] = State(report, "database"),
                // Configured when a model answers (AI_PROVIDER, or v7's GEMINI_API_KEY without USE_MOCK_AI); offline is not_configured.
                ["ai_service"] = (config.Get<Ai.AiOptions>() ?? new Ai.AiOptions()).Provider == Ai.AiProvider.Offline ? "not_configured" : "configured",
                ["email"] = Configured(config, "SMTP_SERVER"),
                ["redis"] = State(report, "redis"),
            });
        var status = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        return TypedResults.Json(new Envelope<HealthResult>(status, "Health check completed", result), statusCode: status);
    }

    private static string State(HealthReport report, string name) => report.Entries[name] switch
    {
        { Description: "not_configured" } => "not_configured",
        { Status: HealthStatus.Healthy } => "healthy",
        _ => "unhealthy",
    };

    private static string Configured(IConfiguration config, string key) =>
        string.IsNullOrWhiteSpace(config[key]) ? "not_configured" : "configured";

    public sealed record HealthResult(string Status, DateTimeOffset Timestamp, IReadOnlyDictionary<string, string> Services);
}
