using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// Group commit for the live sessions of this node: writes queue here, and each of a few pumps takes
/// whatever is waiting (up to <see cref="MaxBatch"/>) and runs it as one <see cref="NpgsqlBatch"/>, so
/// many sessions share one round trip and one commit. A write's task completes only after its batch
/// committed. A full queue refuses at once ("busy, retry") rather than letting latency grow without bound.
/// </summary>
public sealed class SessionWriter(NpgsqlDataSource database, SessionMetrics metrics, ILogger<SessionWriter> log) : BackgroundService
{
    public const int MaxBatch = 128;
    public const int QueueLimit = 4_096;

    /// <summary>Batches in flight at once: enough to overlap round trips, few enough to leave the pool to others.</summary>
    public const int Pumps = 8;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(QueueLimit)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    public int Backlog => _queue.Reader.Count;

    public Task<WriteResult> WriteAsync(SessionWrite write)
    {
        var pending = new Pending(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StoreUnavailableException("The server is busy");
        }
        return pending.Result.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Pumps).Select(_ => PumpAsync(stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.TryRead(out var left)) left.Result.TrySetException(new StoreUnavailableException("The server is stopping"));
    }

    private async Task PumpAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                if (batch.Count == 0) continue;
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        metrics.BatchCommitted(batch.Count);
        try
        {
            var results = await ExecuteAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
        }
        catch (PostgresException ex) when (batch.Count > 1 && !IsConnectionLoss(ex))
        {
            // One bad statement rolled back the whole batch: run them one by one, so only it fails.
            log.LogWarning(ex, "A batch of {Count} session writes failed; retrying them one by one", batch.Count);
            foreach (var pending in batch) await CommitAsync([pending]);
        }
        catch (PostgresException ex) when (!IsConnectionLoss(ex))
        {
            // Rolled back, so the outcome is known: nothing was stored.
            log.LogWarning(ex, "A session write was refused by the database");
            batch[0].Result.TrySetException(ex);
        }
        catch (Exception ex)
        {
            if (ex is NpgsqlException npgsql && IsConnectionLoss(npgsql))
            {
                // After a PostgreSQL restart every pooled connection is dead: drop them all, not one per failed call.
                database.Clear();
            }
            log.LogWarning(ex, "A batch of {Count} session writes could not be committed", batch.Count);
            var failure = new StoreUnavailableException("The database is unavailable", ex);
            foreach (var pending in batch) pending.Result.TrySetException(failure);
        }
    }

    private async Task<WriteResult[]> ExecuteAsync(List<Pending> batch)
    {
        await using var connection = await database.OpenConnectionAsync();
        // Without error barriers the batch is one implicit transaction: one commit for all of it.
        await using var command = new NpgsqlBatch(connection);
        foreach (var pending in batch) command.BatchCommands.Add(pending.Write.ToCommand());
        var results = new WriteResult[batch.Count];
        await using var reader = await command.ExecuteReaderAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync();
            // Every session statement answers exactly one row of three counts.
            await reader.ReadAsync();
            results[i] = new WriteResult(reader.GetInt32(0) > 0, reader.GetInt32(1), reader.GetInt32(2) > 0);
        }
        return results;
    }

    /// <summary>The connection broke or the server is going away: the outcome of what was in flight is unknown.</summary>
    public static bool IsConnectionLoss(NpgsqlException ex) =>
        ex is PostgresException pg ? pg.SqlState is "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" : ex.IsTransient || ex.InnerException is IOException or System.Net.Sockets.SocketException;

    private sealed record Pending(SessionWrite Write)
    {
        public TaskCompletionSource<WriteResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
