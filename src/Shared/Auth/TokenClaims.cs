namespace InterviewPlatform.Shared.Auth;

/// <summary>Claim names of v7's access token.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Type = "type";
    public const string Email = "email";
    public const string CompanyId = "company_id";
    public const string DepartmentId = "department_id";
    /// <summary>Ours, not v7's: the user's security stamp when the token was issued.</summary>
    public const string SecurityStamp = "stamp";
}
