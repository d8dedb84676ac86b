using InterviewPlatform.Shared.Configuration;
using StackExchange.Redis;

namespace InterviewPlatform.Shared.Auth;

/// <summary>The login throttle's counters; both stores follow the same three steps, each atomic.</summary>
internal abstract class LoginCounters
{
    /// <summary>Counts the attempt on every limit, or on none: null when allowed, else the seconds to wait.</summary>
    public abstract Task<int?> ReserveAsync(LoginAttempt attempt, int windowSeconds, CancellationToken ct);

    /// <summary>A wrong password keeps its reservation; a counter that is full becomes a lock of its own length.</summary>
    public abstract Task FailAsync(LoginAttempt attempt, CancellationToken ct);

    /// <summary>A right password clears the email's count and gives the address its attempt back.</summary>
    public abstract Task SucceedAsync(LoginAttempt attempt, CancellationToken ct);
}

/// <summary>One Lua script per step: a burst spread over several nodes still counts exactly.</summary>
internal sealed class RedisLoginCounters(RedisConnection redis) : LoginCounters
{
    // KEYS: counters; ARGV: window, then each counter's max. Refused attempts are given back on every key.
    private const string ReserveScript = """
        local wait = 0
        for i, key in ipairs(KEYS) do
          local n = redis.call('INCR', key)
          if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
          if n > tonumber(ARGV[i + 1]) then
            local ttl = redis.call('TTL', key)
            if ttl < 1 then ttl = tonumber(ARGV[1]) end
            if ttl > wait then wait = ttl end
          end
        end
        if wait > 0 then
          for _, key in ipairs(KEYS) do redis.call('DECR', key) end
        end
        return wait
        """;

    // KEYS: counters; ARGV: each counter's max, then each counter's lock seconds.
    private const string FailScript = """
        local count = #KEYS
        for i, key in ipairs(KEYS) do
          if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i]) then redis.call('EXPIRE', key, ARGV[count + i]) end
        end
        return 0
        """;

    // KEYS[1]: the email's counter (cleared); KEYS[2], if any: the address's (one attempt back).
    private const string SucceedScript = """
        redis.call('DEL', KEYS[1])
        if KEYS[2] and tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
        return 0
        """;

    public override async Task<int?> ReserveAsync(LoginAttempt attempt, int windowSeconds, CancellationToken ct)
    {
        var limits = attempt.Limits.ToList();
        var wait = (int)await RunAsync(ReserveScript, limits, [windowSeconds, .. limits.Select(l => (RedisValue)l.Max)]);
        return wait > 0 ? wait : null;
    }

    public override Task FailAsync(LoginAttempt attempt, CancellationToken ct)
    {
        var limits = attempt.Limits.ToList();
        return RunAsync(FailScript, limits, [.. limits.Select(l => (RedisValue)l.Max), .. limits.Select(l => (RedisValue)l.LockSeconds)]);
    }

    public override Task SucceedAsync(LoginAttempt attempt, CancellationToken ct) => RunAsync(SucceedScript, attempt.Limits.ToList(), []);

    private async Task<RedisResult> RunAsync(string script, List<CounterLimit> limits, RedisValue[] args)
    {
        var db = (await redis.GetAsync()).GetDatabase();
        return await db.ScriptEvaluateAsync(script, [.. limits.Select(l => (RedisKey)l.Key)], args);
    }
}

/// <summary>The same counters for a single node, under one lock.</summary>
internal sealed class LocalLoginCounters(TimeProvider clock) : LoginCounters
{
    private const int PruneAbove = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Count, DateTimeOffset Expires)> _counters = [];

    public override Task<int?> ReserveAsync(LoginAttempt attempt, int windowSeconds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_counters.Count > PruneAbove) Prune(now);
            var wait = TimeSpan.Zero;
            foreach (var limit in attempt.Limits)
            {
                var (count, expires) = Current(limit.Key, now) ?? (0, now.AddSeconds(windowSeconds));
                _counters[limit.Key] = (count + 1, expires);
                if (count + 1 > limit.Max && expires - now > wait) wait = expires - now;
            }
            if (wait == TimeSpan.Zero) return Task.FromResult<int?>(null);
            foreach (var limit in attempt.Limits) Add(limit.Key, -1);
            return Task.FromResult<int?>((int)Math.Ceiling(wait.TotalSeconds));
        }
    }

    public override Task FailAsync(LoginAttempt attempt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            foreach (var limit in attempt.Limits)
            {
                if (Current(limit.Key, now) is { } c && c.Count >= limit.Max) _counters[limit.Key] = (c.Count, now.AddSeconds(limit.LockSeconds));
            }
        }
        return Task.CompletedTask;
    }

    public override Task SucceedAsync(LoginAttempt attempt, CancellationToken ct)
    {
        lock (_lock)
        {
            _counters.Remove(attempt.Account.Key);
            if (attempt.Ip is { } ip && _counters.TryGetValue(ip.Key, out var c) && c.Count > 0) Add(ip.Key, -1);
        }
        return Task.CompletedTask;
    }

    private (int Count, DateTimeOffset Expires)? Current(string key, DateTimeOffset now)
    {
        if (!_counters.TryGetValue(key, out var c)) return null;
        if (c.Expires > now) return c;
        _counters.Remove(key);
        return null;
    }

    private void Add(string key, int delta)
    {
        var c = _counters[key];
        _counters[key] = (c.Count + delta, c.Expires);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, c) in _counters.Where(e => e.Value.Expires <= now).ToList()) _counters.Remove(key);
    }
}
