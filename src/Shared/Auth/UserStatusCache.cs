using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// Whether a token still speaks for its user: the user (and company) is active and the token's security stamp is
/// the user's current one. Checked on every authenticated request and cached briefly, so a deactivation, a change
/// of role, department or company, a password reset or a logout retires outstanding access tokens within
/// USER_STATUS_CACHE_SECONDS (30 by default) on every node, without a database round trip per request.
/// </summary>
public sealed class UserStatusCache(IMemoryCache cache, IOptions<AuthOptions> options)
{
    private TimeSpan Freshness => TimeSpan.FromSeconds(options.Value.UserStatusCacheSeconds);

    /// <summary>False for a token without a stamp (issued before stamps existed): its holder logs in again.</summary>
    public async Task<bool> IsCurrentAsync(int userId, string? tokenStamp, PlatformDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(tokenStamp, "N", out var stamp)) return false;
        var status = await cache.GetOrCreateAsync(Key(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Freshness;
            return db.Users.IgnoreQueryFilters().Where(u => u.Id == userId)
                .Select(u => new Status(u.IsActive && (u.Company == null || u.Company.Status == CompanyStatus.Active), u.SecurityStamp))
                .SingleOrDefaultAsync(ct);
        });
        return status is { Active: true } && status.Stamp == stamp;
    }

    /// <summary>Called after a change on this node so it takes effect here at once.</summary>
    public void Forget(int userId) => cache.Remove(Key(userId));

    private static string Key(int userId) => $"user-status:{userId}";

    private sealed record Status(bool Active, Guid Stamp);
}
