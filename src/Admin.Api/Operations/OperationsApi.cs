using System.Diagnostics;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Diagnostics;

namespace InterviewPlatform.Admin.Api.Operations;

/// <summary>v7's <c>/admin/metrics</c>, <c>/admin/performance</c> and <c>/admin/errors</c>, for super admins, per node.</summary>
public static class OperationsApi
{
    /// <summary>Probes and the dashboard's polling would drown the API's own numbers.</summary>
    private static readonly PathString[] _notCounted = ["/health", "/hangfire"];

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<RequestStatistics>();
        services.AddSingleton<SystemMetricsReader>();
        services.AddHostedService<SystemSampler>();
        return services;
    }

    /// <summary>Outermost, so that it times the whole request and sees the status the error envelope set.</summary>
    public static WebApplication UseRequestStatistics(this WebApplication app)
    {
        var statistics = app.Services.GetRequiredService<RequestStatistics>();
        app.Use(async (context, next) =>
        {
            if (_notCounted.Any(p => context.Request.Path.StartsWithSegments(p)))
            {
                await next(context);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var status = context.Response.StatusCode;
                var unhandled = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                statistics.RecordRequest(Stopwatch.GetElapsedTime(started), status, ErrorType(status, unhandled));
            }
        });
        return app;
    }

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Operations").RequireAuthorization(AuthPolicies.Staff).AddEndpointFilter(SuperAdminOnly);
        group.MapGet("/metrics", MetricsAsync).WithSummary("This node's CPU, memory and disk (v7)");
        group.MapGet("/performance", PerformanceAsync).WithSummary("This node's machine now and its requests over the last 24 hours (v7)");
        group.MapGet("/errors", Errors).WithSummary("This node's error answers over the last 24 hours, by type (v7)");
        return app;
    }

    private static async Task<IResult> MetricsAsync(SystemMetricsReader reader, TimeProvider clock, CancellationToken ct)
    {
        var m = await reader.ReadAsync(ct);
        return Envelope.Ok(new
        {
            system_metrics = new
            {
                cpu_usage_percent = m.CpuUsagePercent,
                memory_usage_percent = m.MemoryUsagePercent,
                memory_available_gb = m.MemoryAvailableGb,
                disk_usage_percent = m.DiskUsagePercent,
                disk_free_gb = m.DiskFreeGb,
            },
            timestamp = clock.GetUtcNow(),
        }, "Metrics retrieved");
    }

    private static async Task<IResult> PerformanceAsync(
        SystemMetricsReader reader, RequestStatistics statistics, TimeProvider clock, CancellationToken ct) =>
        Envelope.Ok(new
        {
            current_system_metrics = await reader.ReadAsync(ct),
            performance_summary = statistics.Summary(),
            collection_timestamp = clock.GetUtcNow(),
        }, "Performance metrics retrieved");

    private static IResult Errors(RequestStatistics statistics) =>
        Envelope.Ok(statistics.Errors(), "Error statistics retrieved");

    /// <summary>v7 answered other staff with 403 "Admin access required".</summary>
    private static async ValueTask<object?> SuperAdminOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.User.FindFirst(TokenClaims.Type)?.Value == UserRoles.SuperAdmin
            ? await next(context)
            : throw ApiException.Forbidden("Admin access required");

    /// <summary>Unhandled exceptions by their type; answered errors by what went wrong.</summary>
    private static string? ErrorType(int status, Exception? unhandled) => status switch
    {
        < 400 => null,
        >= 500 when unhandled is not null and not ApiException => unhandled.GetType().Name,
        400 => "bad_request",
        401 => "authentication_error",
        403 => "permission_denied",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation_error",
        429 => "rate_limited",
        503 => "service_unavailable",
        _ => $"http_{status}",
    };
}

/// <summary>Samples CPU and memory once a minute for the 24-hour averages.</summary>
internal sealed class SystemSampler(SystemMetricsReader reader, RequestStatistics statistics, TimeProvider clock, ILogger<SystemSampler> logger)
    : BackgroundService
{
    private static readonly TimeSpan _interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, clock);
        do
        {
            try
            {
                statistics.RecordSystem(await reader.ReadAsync(stoppingToken));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not sample CPU and memory");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
