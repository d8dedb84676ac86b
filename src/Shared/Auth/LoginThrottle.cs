using System.Text;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Web;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// Limits password verifications per email and per client IP. An attempt is reserved (counted) before the
/// password is checked, atomically, so a burst of parallel logins cannot all read "not locked" and all verify:
/// at most LOGIN_MAX_FAILURES per email and LOGIN_MAX_FAILURES_PER_IP per address are ever in flight or failed
/// within LOGIN_FAILURE_WINDOW_SECONDS; the rest are refused with a 429 and Retry-After. A failure keeps its
/// reservation (and the last one turns the window into the lock); a success gives it back and clears the
/// email's count, but not the address's, so one good login cannot reset a spray. The email key is used whether
/// or not the account exists, so a lock never tells an attacker which emails are real.
/// Counters live in Redis when configured (shared by every node), else in this process.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, RedisConnection redis, TimeProvider clock)
{
    private readonly LoginCounters _counters = redis.IsConfigured ? new RedisLoginCounters(redis) : new LocalLoginCounters(clock);

    private AuthOptions Options => options.Value;

    /// <summary>Counts an attempt before its password is verified; throws a 429 when the email or address has none left.</summary>
    public async Task<LoginAttempt> ReserveAsync(string email, string? ip, CancellationToken ct)
    {
        var attempt = new LoginAttempt(Limit(AccountKey(email), Options.AccountMaxFailures, Options.AccountLockSeconds),
            ip is null ? null : Limit(IpKey(ip), Options.IpMaxFailures, Options.IpBlockSeconds));
        if (await _counters.ReserveAsync(attempt, Options.FailureWindowSeconds, ct) is { } wait)
        {
            throw new ThrottledException(Math.Max(1, wait), "Too many failed login attempts, try again later");
        }
        return attempt;
    }

    public Task RecordFailureAsync(LoginAttempt attempt, CancellationToken ct) => _counters.FailAsync(attempt, ct);

    public Task RecordSuccessAsync(LoginAttempt attempt, CancellationToken ct) => _counters.SucceedAsync(attempt, ct);

    private static CounterLimit Limit(string key, int max, int lockSeconds) => new(key, max, lockSeconds);

    private static string AccountKey(string email) =>
        $"interview-platform:login:account:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(email)))}";

    private static string IpKey(string ip) => $"interview-platform:login:ip:{ip}";
}

/// <summary>A reserved login attempt: the email's counter and, when the address is known, the address's.</summary>
public sealed record LoginAttempt(CounterLimit Account, CounterLimit? Ip)
{
    public IEnumerable<CounterLimit> Limits => Ip is null ? [Account] : [Account, Ip];
}

/// <summary>A counter key, how many attempts it allows per window, and how long it locks once they all failed.</summary>
public sealed record CounterLimit(string Key, int Max, int LockSeconds);
