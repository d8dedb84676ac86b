using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Tenancy;
using InterviewPlatform.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tenancy;

/// <summary>
/// Who may give which role in which company. Rows the caller cannot see (query filters) answer 404,
/// roles the caller may not grant answer 403.
/// </summary>
public sealed class UserAdministration(PlatformDbContext db, PasswordHasher hasher, UserDeactivation deactivation, UserStatusCache statusCache)
{
    private ICurrentUser Caller => db.CurrentUser;

    public async Task<User> CreateAsync(UsersApi.CreateUserRequest request, CancellationToken ct)
    {
        var role = ParseRole(request.Role);
        var (companyId, departmentId) = await ResolvePlacementAsync(role, request.CompanyId, request.DepartmentId, ct);
        var email = User.NormalizeEmail(request.Email);
        await EnsureEmailFreeAsync(email, ct);

        var user = new User
        {
            Email = email,
            PasswordHash = hasher.Hash(request.Password),
            FullName = request.FullName?.Trim(),
            Role = role,
            CompanyId = companyId,
            DepartmentId = departmentId,
            Language = EmailLanguage(request.Language),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task<User> UpdateAsync(int id, UsersApi.UpdateUserRequest request, CancellationToken ct)
    {
        var user = await FindAsync(id, ct);
        var isSelf = user.Id == Caller.UserId;

        if (request.Role is not null || request.DepartmentId is not null)
        {
            var role = request.Role is null ? user.Role : ParseRole(request.Role);
            if (isSelf && role != user.Role) throw new RequestValidationException("role", "you cannot change your own role");
            var departmentId = role == UserRole.DepartmentUser ? request.DepartmentId ?? user.DepartmentId : null;
            (user.CompanyId, user.DepartmentId) = await ResolvePlacementAsync(role, user.CompanyId, departmentId, ct);
            user.Role = role;
        }
        if (request.FullName is not null) user.FullName = request.FullName.Trim();
        if (request.Language is not null) user.Language = EmailLanguage(request.Language);
        if (request.Password is not null) user.PasswordHash = hasher.Hash(request.Password);
        if (request.IsActive is { } active)
        {
            if (isSelf && !active) throw new RequestValidationException("is_active", "you cannot deactivate your own account");
            user.IsActive = active;
        }
        // Access tokens carry role, company and department: any change there (or of the password, or of the account's
        // state) retires the ones already issued. A refresh gives the user a token with the new rights.
        var entry = db.Entry(user);
        if (entry.Property(u => u.Role).IsModified || entry.Property(u => u.CompanyId).IsModified || entry.Property(u => u.DepartmentId).IsModified ||
            entry.Property(u => u.PasswordHash).IsModified || entry.Property(u => u.IsActive).IsModified)
        {
            user.RenewSecurityStamp();
        }
        await db.SaveChangesAsync(ct);
        statusCache.Forget(user.Id);

        if (request.IsActive == false) await deactivation.EndSessionsAsync(user.Id, "user_deactivated", ct);
        else if (request.Password is not null) await deactivation.EndSessionsAsync(user.Id, "password_changed", ct);
        return user;
    }

    public Task<User> DeactivateAsync(int id, CancellationToken ct) =>
        UpdateAsync(id, new UsersApi.UpdateUserRequest(null, null, null, null, IsActive: false), ct);

    public async Task<User> FindAsync(int id, CancellationToken ct) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct) ?? throw ApiException.NotFound("User");

    /// <summary>The company and department a user of <paramref name="role"/> belongs to, checked against what the caller may grant.</summary>
    private async Task<(int? CompanyId, int? DepartmentId)> ResolvePlacementAsync(UserRole role, int? companyId, int? departmentId, CancellationToken ct)
    {
        if (Caller.Role == UserRole.DepartmentUser) throw ApiException.Forbidden();
        switch (role)
        {
            case UserRole.SuperAdmin:
                if (Caller.Role != UserRole.SuperAdmin) throw ApiException.Forbidden("Only a super admin can grant super_admin");
                if (companyId is not null || departmentId is not null)
                    throw new RequestValidationException("company_id", "a super_admin belongs to no company or department");
                return (null, null);

            case UserRole.CompanyUser:
                if (departmentId is not null) throw new RequestValidationException("department_id", "a company_user belongs to no department");
                var company = companyId ?? Caller.CompanyId ?? throw new RequestValidationException("company_id", "is required for a company_user");
                await EnsureActiveCompanyAsync(company, ct);
                return (company, null);

            default:
                if (departmentId is null) throw new RequestValidationException("department_id", "is required for a department_user");
                var department = await db.Departments.Include(d => d.Company).SingleOrDefaultAsync(d => d.Id == departmentId, ct)
                    ?? throw ApiException.NotFound("Department");
                if (companyId is not null && companyId != department.CompanyId)
                    throw new RequestValidationException("department_id", "does not belong to the given company_id");
                if (!department.IsActive) throw ApiException.Conflict("Department is inactive");
                await EnsureActiveCompanyAsync(department.CompanyId, ct);
                return (department.CompanyId, department.Id);
        }
    }

    private async Task EnsureActiveCompanyAsync(int companyId, CancellationToken ct)
    {
        var status = await db.Companies.Where(c => c.Id == companyId).Select(c => (CompanyStatus?)c.Status).SingleOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("Company");
        if (status == CompanyStatus.Inactive) throw ApiException.Conflict("Company is inactive");
    }

    private async Task EnsureEmailFreeAsync(string email, CancellationToken ct)
    {
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == email, ct))
        {
            throw ApiException.Conflict("A user with this email already exists");
        }
    }

    private static UserRole ParseRole(string role) =>
        UserRoles.FromClaim(role) ?? throw new RequestValidationException("role", "must be super_admin, company_user or department_user");

    /// <summary>The language of the user's emails: one of the 12 interview languages; null leaves the default (DEFAULT_LANGUAGE).</summary>
    private static string? EmailLanguage(string? language)
    {
        if (language is null) return null;
        var code = language.Trim().ToLowerInvariant();
        return EmailComposer.Languages.Contains(code)
            ? code
            : throw new RequestValidationException("language", $"must be one of {string.Join(", ", EmailComposer.Languages)}");
    }
}
