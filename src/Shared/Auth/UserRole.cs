namespace InterviewPlatform.Shared.Auth;

/// <summary>super_admin &gt; company_user &gt; department_user, written as v7's token <c>type</c> claim.</summary>
public enum UserRole
{
    SuperAdmin,
    CompanyUser,
    DepartmentUser,
}

public static class UserRoles
{
    public const string SuperAdmin = "super_admin";
    public const string CompanyUser = "company_user";
    public const string DepartmentUser = "department_user";

    public static string ToClaim(this UserRole role) => role switch
    {
        UserRole.SuperAdmin => SuperAdmin,
        UserRole.CompanyUser => CompanyUser,
        UserRole.DepartmentUser => DepartmentUser,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static UserRole? FromClaim(string? value) => value switch
    {
        SuperAdmin => UserRole.SuperAdmin,
        CompanyUser => UserRole.CompanyUser,
        DepartmentUser => UserRole.DepartmentUser,
        _ => null,
    };
}
