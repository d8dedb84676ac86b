using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tenancy;

/// <summary>Ends the sessions of users who were deactivated (directly or with their company).</summary>
public sealed class UserDeactivation(PlatformDbContext db, RefreshTokenService refreshTokens, UserStatusCache statusCache)
{
    public async Task EndSessionsAsync(int userId, string reason, CancellationToken ct)
    {
        await refreshTokens.RevokeAllForUserAsync(userId, reason, ct);
        statusCache.Forget(userId);
    }

    public async Task EndCompanySessionsAsync(int companyId, CancellationToken ct)
    {
        var userIds = await db.Users.IgnoreQueryFilters().Where(u => u.CompanyId == companyId).Select(u => u.Id).ToListAsync(ct);
        foreach (var userId in userIds) await EndSessionsAsync(userId, "company_deactivated", ct);
    }
}
