using System.Collections.Concurrent;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// The candidate connections on this node and their leases. Only bookkeeping for renewal: the session
/// itself lives in PostgreSQL, so losing this (the node dies) loses nothing but the lease, which expires.
/// </summary>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, (Guid InterviewId, LeaseHolder Holder)> _connections = new();

    public void Add(Guid interviewId, LeaseHolder holder) => _connections[holder.ConnectionId] = (interviewId, holder);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IEnumerable<(Guid InterviewId, LeaseHolder Holder)> All => _connections.Values;
}

/// <summary>Renews this node's leases; when the node dies, they lapse within <see cref="LeaseTiming.Ttl"/>.</summary>
public sealed class LeaseRenewer(LocalSessions sessions, ISessionLease lease, ILogger<LeaseRenewer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LeaseTiming.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (interviewId, holder) in sessions.All.ToList())
            {
                try
                {
                    await lease.RenewAsync(interviewId, holder);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not renew the lease of interview {InterviewId}", interviewId);
                }
            }
        }
    }
}
