using System.Collections.Concurrent;
using InterviewPlatform.Shared.Configuration;
using StackExchange.Redis;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// One active candidate connection per interview, across all nodes: a lease keyed by interview whose
/// value names the holding connection and device. It expires when the holder's node stops renewing it.
/// </summary>
public interface ISessionLease
{
    /// <summary>Takes the lease if free or held by the same device (a reconnect); otherwise returns the holder.</summary>
    Task<LeaseHolder?> TryAcquireAsync(Guid interviewId, LeaseHolder candidate);

    /// <summary>Takes the lease whoever holds it and returns the previous holder.</summary>
    Task<LeaseHolder?> TakeOverAsync(Guid interviewId, LeaseHolder candidate);

    /// <summary>
    /// Renews all of this node's leases in one call (re-taking any that vanished, as after a Redis restart) and
    /// returns the holders whose lease another holder has now. Per holder, not per interview: after a reload the old
    /// connection lingers (awaiting a stateful reconnect) beside the new one, and only the old one has lost.
    /// </summary>
    Task<IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)>> RenewAllAsync(IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)> leases);

    Task ReleaseAsync(Guid interviewId, LeaseHolder holder);

    Task<LeaseHolder?> HolderAsync(Guid interviewId);
}

public sealed record LeaseHolder(string ConnectionId, string DeviceId)
{
    public override string ToString() => $"{ConnectionId}|{DeviceId}";

    public static LeaseHolder? Parse(string? value) => value?.Split('|', 2) is [var connection, var device] ? new(connection, device) : null;
}

public static class LeaseTiming
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
}

public sealed class RedisSessionLease(RedisConnection redis) : ISessionLease
{
    private const int RenewChunk = 1_000;

    // ARGV: one holder per key, then the TTL. Answers 1 per key still (or again) ours, 0 where another holder has it.
    private const string RenewAllScript = """
        local ttl = ARGV[#ARGV]
        local kept = {}
        for i, key in ipairs(KEYS) do
          local holder = redis.call('GET', key)
          if holder == ARGV[i] then redis.call('PEXPIRE', key, ttl); kept[i] = 1
          elseif not holder then redis.call('SET', key, ARGV[i], 'PX', ttl); kept[i] = 1
          else kept[i] = 0 end
        end
        return kept
        """;
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    public async Task<LeaseHolder?> TryAcquireAsync(Guid interviewId, LeaseHolder candidate)
    {
        var db = await DatabaseAsync();
        if (await db.StringSetAsync(Key(interviewId), candidate.ToString(), LeaseTiming.Ttl, When.NotExists)) return null;
        var holder = LeaseHolder.Parse(await db.StringGetAsync(Key(interviewId)));
        if (holder is null || holder.DeviceId == candidate.DeviceId)
        {
            await db.StringSetAsync(Key(interviewId), candidate.ToString(), LeaseTiming.Ttl);
            return null;
        }
        return holder;
    }

    public async Task<LeaseHolder?> TakeOverAsync(Guid interviewId, LeaseHolder candidate)
    {
        var previous = await (await DatabaseAsync()).StringSetAndGetAsync(Key(interviewId), candidate.ToString(), LeaseTiming.Ttl);
        return LeaseHolder.Parse(previous);
    }

    public async Task<IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)>> RenewAllAsync(IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)> leases)
    {
        var db = await DatabaseAsync();
        var lost = new List<(Guid InterviewId, LeaseHolder Holder)>();
        foreach (var chunk in leases.Chunk(RenewChunk))
        {
            var kept = (RedisResult[])(await db.ScriptEvaluateAsync(RenewAllScript, chunk.Select(l => Key(l.InterviewId)).ToArray(),
                [.. chunk.Select(l => (RedisValue)l.Holder.ToString()), (long)LeaseTiming.Ttl.TotalMilliseconds]))!;
            for (var i = 0; i < chunk.Length; i++)
            {
                if ((int)kept[i] == 0) lost.Add(chunk[i]);
            }
        }
        return lost;
    }

    public async Task ReleaseAsync(Guid interviewId, LeaseHolder holder) =>
        await (await DatabaseAsync()).ScriptEvaluateAsync(ReleaseScript, [Key(interviewId)], [holder.ToString()]);

    public async Task<LeaseHolder?> HolderAsync(Guid interviewId) =>
        LeaseHolder.Parse(await (await DatabaseAsync()).StringGetAsync(Key(interviewId)));

    private async Task<IDatabase> DatabaseAsync() => (await redis.GetAsync()).GetDatabase();

    private static RedisKey Key(Guid interviewId) => $"interview-platform:lease:{interviewId}";
}

/// <summary>The single-node lease, same rules, in process.</summary>
public sealed class InProcessSessionLease(TimeProvider clock) : ISessionLease
{
    private readonly ConcurrentDictionary<Guid, (LeaseHolder Holder, DateTimeOffset Expires)> _leases = new();
    private readonly Lock _gate = new();

    public Task<LeaseHolder?> TryAcquireAsync(Guid interviewId, LeaseHolder candidate)
    {
        lock (_gate)
        {
            var current = Live(interviewId);
            if (current is not null && current.DeviceId != candidate.DeviceId) return Task.FromResult<LeaseHolder?>(current);
            _leases[interviewId] = (candidate, clock.GetUtcNow() + LeaseTiming.Ttl);
            return Task.FromResult<LeaseHolder?>(null);
        }
    }

    public Task<LeaseHolder?> TakeOverAsync(Guid interviewId, LeaseHolder candidate)
    {
        lock (_gate)
        {
            var previous = Live(interviewId);
            _leases[interviewId] = (candidate, clock.GetUtcNow() + LeaseTiming.Ttl);
            return Task.FromResult(previous);
        }
    }

    public Task<IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)>> RenewAllAsync(IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)> leases)
    {
        var lost = new List<(Guid InterviewId, LeaseHolder Holder)>();
        lock (_gate)
        {
            foreach (var (interviewId, holder) in leases)
            {
                if (Live(interviewId) is { } current && current != holder) lost.Add((interviewId, holder));
                else _leases[interviewId] = (holder, clock.GetUtcNow() + LeaseTiming.Ttl);
            }
        }
        return Task.FromResult<IReadOnlyList<(Guid InterviewId, LeaseHolder Holder)>>(lost);
    }

    public Task ReleaseAsync(Guid interviewId, LeaseHolder holder)
    {
        lock (_gate)
        {
            if (Live(interviewId) == holder) _leases.TryRemove(interviewId, out _);
        }
        return Task.CompletedTask;
    }

    public Task<LeaseHolder?> HolderAsync(Guid interviewId)
    {
        lock (_gate) return Task.FromResult(Live(interviewId));
    }

    private LeaseHolder? Live(Guid interviewId) =>
        _leases.TryGetValue(interviewId, out var lease) && lease.Expires > clock.GetUtcNow() ? lease.Holder : null;
}
