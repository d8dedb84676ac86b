using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// Counts failed logins per email and per IP in the distributed cache (Redis when configured, so the
/// count is shared by every node). The email key is used whether or not the account exists, so a lock
/// never tells an attacker which emails are real.
/// </summary>
public sealed class LoginThrottle(IDistributedCache cache, IOptions<AuthOptions> options, TimeProvider clock)
{
    private AuthOptions Options => options.Value;

    /// <summary>Seconds the caller must wait before another attempt, or null when it may try now.</summary>
    public async Task<int?> RetryAfterAsync(string email, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = Max(await ReadTimeAsync(LockKey(email), ct), await ReadTimeAsync(IpBlockKey(ip), ct));
        return until > now ? (int)Math.Ceiling((until.Value - now).TotalSeconds) : null;
    }

    public async Task RecordFailureAsync(string email, string? ip, CancellationToken ct)
    {
        if (await IncrementAsync(FailuresKey(email), ct) >= Options.AccountMaxFailures)
        {
            await LockAsync(LockKey(email), FailuresKey(email), Options.AccountLockSeconds, ct);
        }
        if (ip is not null && await IncrementAsync(IpFailuresKey(ip), ct) >= Options.IpMaxFailures)
        {
            await LockAsync(IpBlockKey(ip)!, IpFailuresKey(ip), Options.IpBlockSeconds, ct);
        }
    }

    /// <summary>A success clears the account's count; the IP's count stays, so one good login cannot reset a spray.</summary>
    public Task RecordSuccessAsync(string email, CancellationToken ct) => cache.RemoveAsync(FailuresKey(email), ct);

    private async Task<int> IncrementAsync(string key, CancellationToken ct)
    {
        var count = int.TryParse(await cache.GetStringAsync(key, ct), out var c) ? c + 1 : 1;
        await cache.SetStringAsync(key, count.ToString(), new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(Options.FailureWindowSeconds),
        }, ct);
        return count;
    }

    private async Task LockAsync(string lockKey, string counterKey, int seconds, CancellationToken ct)
    {
        var until = clock.GetUtcNow().AddSeconds(seconds);
        await cache.SetStringAsync(lockKey, until.ToUnixTimeMilliseconds().ToString(), new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds),
        }, ct);
        await cache.RemoveAsync(counterKey, ct);
    }

    private async Task<DateTimeOffset?> ReadTimeAsync(string? key, CancellationToken ct) =>
        key is not null && long.TryParse(await cache.GetStringAsync(key, ct), out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a > b || b is null ? a : b;

    private static string FailuresKey(string email) => $"login:fail:{Key(email)}";
    private static string LockKey(string email) => $"login:lock:{Key(email)}";
    private static string IpFailuresKey(string ip) => $"login:ipfail:{ip}";
    private static string? IpBlockKey(string? ip) => ip is null ? null : $"login:ipblock:{ip}";
    private static string Key(string email) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(email)));
}
