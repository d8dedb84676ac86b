using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;

namespace InterviewPlatform.Shared.Auth;

/// <summary>A recruiter or administrator. The email is stored trimmed and lower-cased, unique.</summary>
public sealed class User : IHasTimestamps, IAudited
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public string? FullName { get; set; }
    public UserRole Role { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The language of the emails this user receives (one of the 12 interview languages); null means English.</summary>
    public string? Language { get; set; }

    /// <summary>
    /// Carried in every access token and compared on each request (through <see cref="UserStatusCache"/>): a new
    /// stamp retires the user's outstanding access tokens. Renewed when rights or credentials change, and on logout.
    /// </summary>
    public Guid SecurityStamp { get; set; } = Guid.NewGuid();
    public DateTimeOffset? LastLoginAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    int? IAudited.OwningCompanyId => CompanyId;

    public void RenewSecurityStamp() => SecurityStamp = Guid.NewGuid();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
