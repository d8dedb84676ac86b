using System.Security.Cryptography;
using System.Text;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>Opaque refresh tokens with rotation and reuse detection.</summary>
public sealed class RefreshTokenService(PlatformDbContext db, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>Adds a new token to the context (saved by the caller) and returns its plain value.</summary>
    public string Add(User user, Guid familyId, string? ip)
    {
        var value = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.RefreshTokens.Add(new RefreshToken
        {
            User = user,
            TokenHash = Hash(value),
            FamilyId = familyId,
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.Value.RefreshTokenExpireDays),
            CreatedByIp = ip,
        });
        return value;
    }

    /// <summary>
    /// Marks the presented token rotated and returns its user and family, or null when the token is
    /// unknown, expired or revoked. A token that was already rotated revokes its whole family.
    /// </summary>
    public async Task<RefreshToken?> RotateAsync(string value, CancellationToken ct)
    {
        var hash = Hash(value);
        var token = await db.RefreshTokens.IgnoreQueryFilters().Include(t => t.User).ThenInclude(u => u.Company)
            .SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null) return null;

        var now = clock.GetUtcNow();
        // The conditional update is the guard: two racing refreshes with the same token cannot both win.
        var claimed = await db.RefreshTokens.Where(t => t.Id == token.Id && t.RotatedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RotatedAt, now), ct);
        if (claimed == 1) return token;

        if (token.RotatedAt is not null && token.RevokedAt is null)
        {
            await RevokeFamilyAsync(token.FamilyId, "reuse_detected", ct);
        }
        return null;
    }

    public Task<int> RevokeFamilyAsync(Guid familyId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), ct);
    }

    public Task<int> RevokeAllForUserAsync(int userId, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), ct);
    }

    public async Task<RefreshToken?> FindAsync(string value, CancellationToken ct)
    {
        var hash = Hash(value);
        return await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
