using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using InterviewPlatform.Shared.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Web;

/// <summary>
/// v7 allowed 60 requests a minute per IP. Ours counts per user for authenticated calls (so an
/// office behind one address is not one bucket) and per client IP for anonymous ones, over a
/// sliding minute. Benchmarks raise RATE_LIMIT_PER_MINUTE; 0 turns the limit off.
/// </summary>
public sealed class ApiRateLimitOptions
{
    [ConfigurationKeyName("RATE_LIMIT_PER_MINUTE")] public int PerMinute { get; set; } = 60;
}

public static class ApiRateLimit
{
    /// <summary>Probes, metrics scrapes, docs and the jobs dashboard's own polling are not API calls.</summary>
    private static readonly PathString[] _exempt = ["/health", "/metrics", "/docs", "/openapi", "/hangfire"];

    private static readonly TimeSpan _window = TimeSpan.FromMinutes(1);
    private const int Segments = 6;

    public static IServiceCollection AddApiRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiRateLimitOptions>().Bind(configuration).ValidateOnStart()
            .Validate(o => o.PerMinute >= 0, "RATE_LIMIT_PER_MINUTE must be 0 (off) or more");
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiRateLimitOptions>>((limiter, settings) =>
        {
            var perMinute = settings.Value.PerMinute;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                perMinute == 0 || _exempt.Any(p => context.Request.Path.StartsWithSegments(p))
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : RateLimitPartition.GetSlidingWindowLimiter(PartitionKey(context), _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = _window,
                        SegmentsPerWindow = Segments,
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window / Segments;
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(EnvelopeExceptionHandler.WriteAsync(rejected.HttpContext,
                    Envelope.Error(StatusCodes.Status429TooManyRequests, $"Rate limit exceeded: {perMinute} requests per minute",
                        new Dictionary<string, int> { ["retry_after_seconds"] = seconds }), ct));
            };
        });
        return services;
    }

    /// <summary>After authentication, so that the caller is known.</summary>
    public static WebApplication UseApiRateLimit(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(TokenClaims.Subject) is { } userId && context.User.Identity?.IsAuthenticated == true
            ? $"user:{userId}"
            : $"ip:{context.Connection.RemoteIpAddress}";
}
