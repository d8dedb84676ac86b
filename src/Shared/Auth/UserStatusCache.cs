using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// Whether a token's user (and company) is still active. Checked on every authenticated request and
/// cached briefly, so a deactivated account's outstanding tokens stop working within
/// USER_STATUS_CACHE_SECONDS (30 by default) on every node, without a database round trip per request.
/// </summary>
public sealed class UserStatusCache(IMemoryCache cache, IOptions<AuthOptions> options)
{
    private TimeSpan Freshness => TimeSpan.FromSeconds(options.Value.UserStatusCacheSeconds);

    public Task<bool> IsActiveAsync(int userId, PlatformDbContext db, CancellationToken ct) =>
        cache.GetOrCreateAsync(Key(userId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Freshness;
            return db.Users.IgnoreQueryFilters().Where(u => u.Id == userId)
                .AnyAsync(u => u.IsActive && (u.Company == null || u.Company.Status == CompanyStatus.Active), ct);
        });

    /// <summary>Called after a change on this node so it takes effect here at once.</summary>
    public void Forget(int userId) => cache.Remove(Key(userId));

    private static string Key(int userId) => $"user-active:{userId}";
}
