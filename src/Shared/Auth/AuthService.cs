using InterviewPlatform.Shared.Audit;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Shared.Auth;

/// <summary>v7's login plus refresh-token rotation and logout.</summary>
public sealed class AuthService(
    PlatformDbContext db,
    PasswordHasher hasher,
    AccessTokenIssuer accessTokens,
    RefreshTokenService refreshTokens,
    LoginThrottle throttle,
    UserStatusCache statusCache,
    TimeProvider clock)
{
    private ICurrentUser Caller => db.CurrentUser;

    public async Task<LoginResult> LoginAsync(string email, string password, CancellationToken ct)
    {
        // A turn on the bounded pool first: a flood waits here, holding neither a thread nor a database connection.
        using var turn = await hasher.WaitTurnAsync(ct);
        var normalized = User.NormalizeEmail(email);
        // Reserved before the check: parallel guesses cannot all pass a lock that none of them has recorded yet.
        var attempt = await throttle.ReserveAsync(normalized, Caller.IpAddress, ct);

        var user = await db.Users.IgnoreQueryFilters().Include(u => u.Company).SingleOrDefaultAsync(u => u.Email == normalized, ct);
        var passwordMatches = user is not null ? await hasher.VerifyAsync(password, user.PasswordHash) : await hasher.VerifyDecoyAsync(password);
        if (user is null || !passwordMatches)
        {
            await throttle.RecordFailureAsync(attempt, ct);
            throw new ApiException(StatusCodes.Status401Unauthorized, "Invalid credentials");
        }
        await throttle.RecordSuccessAsync(attempt, ct);
        EnsureMayLogIn(user);

        user.LastLoginAt = clock.GetUtcNow();
        db.AuditLogs.Add(AuthEvent("auth.login", user));
        var refresh = refreshTokens.Add(user, Guid.NewGuid(), Caller.IpAddress);
        await db.SaveChangesAsync(ct);
        return Result(user, refresh);
    }

    public async Task<LoginResult> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var rotated = await refreshTokens.RotateAsync(refreshToken, ct)
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, "Invalid or expired refresh token");
        var user = rotated.User;
        if (!MayLogIn(user))
        {
            await refreshTokens.RevokeFamilyAsync(rotated.FamilyId, "account_deactivated", ct);
            throw new ApiException(StatusCodes.Status401Unauthorized, "Account is deactivated");
        }

        var refresh = refreshTokens.Add(user, rotated.FamilyId, Caller.IpAddress);
        await db.SaveChangesAsync(ct);
        return Result(user, refresh);
    }

    /// <summary>
    /// Revokes the presented token's family, or every session of the caller when none is given. Either way the user's
    /// security stamp is renewed, so the access token the caller holds stops working too; the user's other sessions
    /// keep their refresh tokens and get a fresh access token on their next refresh.
    /// </summary>
    public async Task LogoutAsync(string? refreshToken, CancellationToken ct)
    {
        int userId;
        if (!string.IsNullOrEmpty(refreshToken) && await refreshTokens.FindAsync(refreshToken, ct) is { } token)
        {
            await refreshTokens.RevokeFamilyAsync(token.FamilyId, "logout", ct);
            userId = token.UserId;
        }
        else if (Caller.UserId is { } callerId)
        {
            await refreshTokens.RevokeAllForUserAsync(callerId, "logout", ct);
            userId = callerId;
        }
        else
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "Invalid or expired refresh token");
        }
        await RenewSecurityStampAsync(userId, ct);
    }

    private async Task RenewSecurityStampAsync(int userId, CancellationToken ct)
    {
        var stamp = Guid.NewGuid();
        await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp), ct);
        statusCache.Forget(userId);
    }

    public async Task<MeResult> MeAsync(CancellationToken ct)
    {
        var user = await db.Users.IgnoreQueryFilters().AsNoTracking().Include(u => u.Company).Include(u => u.Department)
            .SingleOrDefaultAsync(u => u.Id == Caller.UserId, ct) ?? throw ApiException.NotFound("User");
        return new MeResult(user.Id, user.Email, user.FullName, user.Role.ToClaim(), user.CompanyId, user.Company?.Name,
            user.DepartmentId, user.Department?.Name, user.IsActive, user.LastLoginAt);
    }

    public static bool MayLogIn(User user) => user.IsActive && user.Company is not { Status: CompanyStatus.Inactive };

    private void EnsureMayLogIn(User user)
    {
        if (!MayLogIn(user))
        {
            throw new ApiException(StatusCodes.Status403Forbidden,
                user.IsActive ? "Company account is deactivated" : "Account is deactivated");
        }
        statusCache.Forget(user.Id);
    }

    private LoginResult Result(User user, string refreshToken) => new(
        accessTokens.Issue(user), "bearer", user.Role.ToClaim(), user.Id, refreshToken,
        (int)accessTokens.Lifetime.TotalSeconds, user.CompanyId, user.DepartmentId);

    private AuditLog AuthEvent(string action, User user) => new()
    {
        ActorUserId = user.Id,
        ActorEmail = user.Email,
        Action = action,
        Entity = "users",
        EntityId = user.Id.ToString(),
        CompanyId = user.CompanyId,
        IpAddress = Caller.IpAddress,
        At = clock.GetUtcNow(),
    };
}

/// <summary>v7's login result (access_token, token_type, user_type, user_id) plus ours.</summary>
public sealed record LoginResult(
    string AccessToken, string TokenType, string UserType, int UserId,
    string RefreshToken, int ExpiresIn, int? CompanyId, int? DepartmentId);

public sealed record MeResult(
    int UserId, string Email, string? FullName, string UserType, int? CompanyId, string? CompanyName,
    int? DepartmentId, string? DepartmentName, bool IsActive, DateTimeOffset? LastLoginAt);
