using System.Diagnostics;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>What a candidate connection needs between calls; captured at connect so nothing later reads the HttpContext.</summary>
public sealed class CandidateConnection(Guid interviewId, LeaseHolder holder, string? ipAddress)
{
    public Guid InterviewId { get; } = interviewId;
    public LeaseHolder Holder { get; } = holder;
    public string? IpAddress { get; } = ipAddress;

    /// <summary>Holds the lease and the session (false while a takeover is only offered).</summary>
    public bool Attached { get; set; }

    public TokenBucket Limiter { get; } = new(capacity: 20, perSecond: 5);
}

/// <summary>A token bucket refilled from timestamps when used: no timer per connection.</summary>
public sealed class TokenBucket(int capacity, double perSecond)
{
    private readonly Lock _gate = new();
    private double _tokens = capacity;
    private long _last = Stopwatch.GetTimestamp();

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(capacity, _tokens + (Stopwatch.GetElapsedTime(_last, now).TotalSeconds * perSecond));
            _last = now;
            if (_tokens < 1) return false;
            _tokens--;
            return true;
        }
    }
}
