using System.Diagnostics;
using InterviewPlatform.Shared.Configuration;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InterviewPlatform.Shared.Web;

/// <summary>
/// The one exit for errors: every exception becomes the v7 envelope. Exception text never leaves the
/// process; a 500 carries a trace id that is also in the log.
/// </summary>
public sealed class EnvelopeExceptionHandler(ILogger<EnvelopeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var envelope = exception switch
        {
            ApiException api => Envelope.Error(api.Status, api.Message, api.Details),
            BadHttpRequestException bad => FromBadRequest(context, bad),
            DbUpdateConcurrencyException => Envelope.Error(StatusCodes.Status409Conflict, "The record changed meanwhile; reload and try again"),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                Envelope.Error(StatusCodes.Status409Conflict, "A record with the same unique values already exists"),
            _ => null,
        };

        if (envelope is null)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            logger.LogError(exception, "Unhandled error on {Method} {Path}, trace {TraceId}",
                context.Request.Method, context.Request.Path, traceId);
            envelope = Envelope.Error(StatusCodes.Status500InternalServerError, "Internal server error",
                new Dictionary<string, string> { ["trace_id"] = traceId });
        }

        if (envelope.Status == StatusCodes.Status429TooManyRequests && exception is ThrottledException throttled)
        {
            context.Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString();
        }
        await WriteAsync(context, envelope, cancellationToken);
        return true;
    }

    /// <summary>For statuses set without a body: unknown routes, 405, authentication challenges.</summary>
    public static Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var message = status switch
        {
            StatusCodes.Status401Unauthorized => "Could not validate credentials",
            StatusCodes.Status403Forbidden => "Not enough permissions",
            StatusCodes.Status404NotFound => "Not Found",
            StatusCodes.Status405MethodNotAllowed => "Method Not Allowed",
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            StatusCodes.Status429TooManyRequests => "Too many requests",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return WriteAsync(context, Envelope.Error(status, message), context.RequestAborted);
    }

    private static Envelope<object> FromBadRequest(HttpContext context, BadHttpRequestException bad) => bad.StatusCode switch
    {
        // FastAPI answered malformed or missing bodies with 422; the v7 front end expects that.
        StatusCodes.Status400BadRequest => Envelope.Error(StatusCodes.Status422UnprocessableEntity, "Request validation failed",
            new[] { BindingErrors.Describe(context, bad) }),
        StatusCodes.Status413PayloadTooLarge => Envelope.Error(bad.StatusCode, "Request body too large"),
        StatusCodes.Status415UnsupportedMediaType => Envelope.Error(bad.StatusCode, "Unsupported media type: expected application/json"),
        _ => Envelope.Error(bad.StatusCode, ReasonPhrases.GetReasonPhrase(bad.StatusCode)),
    };

    /// <summary>Writes <paramref name="envelope"/> as the response, unless a response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, Envelope<object> envelope, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = envelope.Status;
        await context.Response.WriteAsJsonAsync(envelope, PlatformHosting.JsonOptions, cancellationToken);
    }
}

/// <summary>A 429 with the seconds the caller should wait.</summary>
public sealed class ThrottledException(int retryAfterSeconds, string message)
    : ApiException(StatusCodes.Status429TooManyRequests, message, new Dictionary<string, int> { ["retry_after_seconds"] = retryAfterSeconds })
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
