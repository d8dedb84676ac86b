using InterviewPlatform.Shared.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace InterviewPlatform.Shared.Health;

/// <summary>
/// Asks the application's own pool. After a PostgreSQL restart every pooled connection is dead: the first
/// failure clears the pool (for the whole host, not only this check) and one fresh connection decides.
/// </summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    private static readonly TimeSpan _limit = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            try
            {
                await PingAsync(ct);
            }
            catch (NpgsqlException ex) when (Sessions.SessionWriter.IsConnectionLoss(ex))
            {
                database.Clear();
                await PingAsync(ct);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }

    private async Task PingAsync(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_limit);
        await using var command = database.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(limit.Token);
    }
}

internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!redis.IsConfigured) return new HealthCheckResult(HealthStatus.Healthy, "not_configured");
        try
        {
            var multiplexer = await redis.GetAsync();
            await multiplexer.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("redis unreachable", ex);
        }
    }
}
