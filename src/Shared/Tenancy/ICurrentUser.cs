using System.Security.Claims;
using InterviewPlatform.Shared.Auth;
using Microsoft.AspNetCore.Http;

namespace InterviewPlatform.Shared.Tenancy;

/// <summary>
/// Who is asking, read from the token's claims. This is the single input to the tenant query filters
/// in <see cref="Data.PlatformDbContext"/>: nothing else decides which rows a caller can see.
/// </summary>
public interface ICurrentUser
{
    int? UserId { get; }
    string? Email { get; }
    UserRole? Role { get; }
    int? CompanyId { get; }
    int? DepartmentId { get; }
    string? IpAddress { get; }

    /// <summary>Super admins and the system itself (migrations, background jobs) see every tenant.</summary>
    bool SeesAllTenants { get; }
}

/// <summary>The caller of the current HTTP request; outside a request, the system.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private HttpContext? Context => accessor.HttpContext;
    private ClaimsPrincipal? Principal => Context?.User is { Identity.IsAuthenticated: true } p ? p : null;

    public int? UserId => Int(TokenClaims.Subject);
    public string? Email => Principal?.FindFirstValue(TokenClaims.Email);
    public UserRole? Role => UserRoles.FromClaim(Principal?.FindFirstValue(TokenClaims.Type));
    public int? CompanyId => Int(TokenClaims.CompanyId);
    public int? DepartmentId => Role == UserRole.DepartmentUser ? Int(TokenClaims.DepartmentId) : null;
    public string? IpAddress => Context?.Connection.RemoteIpAddress?.ToString();
    public bool SeesAllTenants => Context is null || Role == UserRole.SuperAdmin;

    private int? Int(string claim) => int.TryParse(Principal?.FindFirstValue(claim), out var v) ? v : null;
}

/// <summary>Migrations, seeding and background jobs: no caller, every tenant.</summary>
public sealed class SystemUser : ICurrentUser
{
    public static readonly SystemUser Instance = new();
    public int? UserId => null;
    public string? Email => "system";
    public UserRole? Role => null;
    public int? CompanyId => null;
    public int? DepartmentId => null;
    public string? IpAddress => null;
    public bool SeesAllTenants => true;
}
