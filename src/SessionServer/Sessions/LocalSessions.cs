using System.Collections.Concurrent;
using InterviewPlatform.Shared.Sessions;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>The leases this node's candidate connections hold, keyed by connection, for the renewer.</summary>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, (Guid InterviewId, LeaseHolder Holder)> _connections = new();

    public void Add(Guid interviewId, LeaseHolder holder) => _connections[holder.ConnectionId] = (interviewId, holder);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)> Snapshot() => [.. _connections.Values];
}

/// <summary>
/// Renews all of this node's leases every <see cref="LeaseTiming.RenewEvery"/> in one batched call (no timer
/// per connection). A lease found in another holder's hands means the session moved: the node forgets it.
/// When the node dies, its leases lapse within <see cref="LeaseTiming.Ttl"/>.
/// </summary>
public sealed class LeaseRenewer(LocalSessions sessions, ISessionLease lease, SessionEngine engine, SessionMetrics metrics, ILogger<LeaseRenewer> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LeaseTiming.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var held = sessions.Snapshot();
            if (held.Count == 0) continue;
            try
            {
                var lost = await lease.RenewAllAsync(held);
                // Only the connections that lost: a reloaded page's new connection keeps its session beside the old one's leftovers.
                foreach (var (interviewId, holder) in lost)
                {
                    engine.Detach(interviewId, holder.ConnectionId);
                    sessions.Remove(holder.ConnectionId);
                }
                metrics.Renewed(held.Count - lost.Count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis is away: the sessions go on (PostgreSQL's fencing keeps them safe); leases are re-taken next time.
                log.LogWarning(ex, "Could not renew {Count} leases", held.Count);
            }
        }
    }
}
