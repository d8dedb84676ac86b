using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace InterviewPlatform.Shared.Observability;

/// <summary>Both hosts: Prometheus metrics on <c>/metrics</c>, and JSON logs that carry the trace id of the request.</summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddPlatformObservability(this WebApplicationBuilder builder)
    {
        // LOG_FORMAT=text keeps the human console format (development); JSON is the default for operators.
        if (!string.Equals(builder.Configuration["LOG_FORMAT"], "text", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.Services.AddSingleton<BacklogMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BacklogMetrics>());
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter("System.Runtime", "Npgsql", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Server.Kestrel",
                SessionMetrics.MeterName, BacklogMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Prometheus text on <c>/metrics</c>; deploy/nginx keeps it off the public edge.</summary>
    public static IEndpointRouteBuilder MapPlatformMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }
}
