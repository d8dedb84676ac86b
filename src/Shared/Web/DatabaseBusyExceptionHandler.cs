using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InterviewPlatform.Shared.Web;

/// <summary>
/// A request that could not get a database connection in time (the pool is exhausted under load) or lost
/// it (PostgreSQL restarting) is answered 503 "busy, retry" with Retry-After, not 500. A lost connection
/// also clears the pool, so the next requests open fresh connections instead of each meeting a dead one.
/// Runs before <see cref="EnvelopeExceptionHandler"/>.
/// </summary>
public sealed class DatabaseBusyExceptionHandler(NpgsqlDataSource database, ILogger<DatabaseBusyExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var npgsql = FindNpgsql(exception);
        if (npgsql is null) return false;
        var lost = SessionWriter.IsConnectionLoss(npgsql);
        var exhausted = npgsql.InnerException is TimeoutException || npgsql.Message.Contains("pool", StringComparison.OrdinalIgnoreCase);
        if (!lost && !exhausted) return false;

        if (lost) database.Clear();
        log.LogWarning("{Method} {Path} answered 503: {Reason}", context.Request.Method, context.Request.Path,
            lost ? "the database connection was lost" : "no database connection was free in time");
        context.Response.Headers.RetryAfter = "1";
        await EnvelopeExceptionHandler.WriteAsync(context,
            Envelope.Error(StatusCodes.Status503ServiceUnavailable, "The service is busy; retry in a moment"), cancellationToken);
        return true;
    }

    private static NpgsqlException? FindNpgsql(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is NpgsqlException npgsql) return npgsql;
        }
        return null;
    }
}
