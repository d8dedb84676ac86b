using System.ComponentModel.DataAnnotations;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tenancy;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/users").WithTags("Users").RequireAuthorization(AuthPolicies.Staff);
        group.MapPost("", async (CreateUserRequest request, UserAdministration users, CancellationToken ct) =>
                Envelope.Created(UserDto.From(await users.CreateAsync(request, ct)), "User created"))
            .Validate<CreateUserRequest>().RequireAuthorization(AuthPolicies.CompanyAdmin)
            .WithSummary("Creates a recruiter: company admins within their own company only");
        group.MapGet("", ListAsync).WithSummary("Users the caller can see: all, its company's, or its department's");
        group.MapGet("/{id:int}", async (int id, UserAdministration users, CancellationToken ct) =>
            Envelope.Ok(UserDto.From(await users.FindAsync(id, ct)), "User retrieved"));
        group.MapPut("/{id:int}", async (int id, UpdateUserRequest request, UserAdministration users, CancellationToken ct) =>
                Envelope.Ok(UserDto.From(await users.UpdateAsync(id, request, ct)), "User updated"))
            .Validate<UpdateUserRequest>().RequireAuthorization(AuthPolicies.CompanyAdmin);
        group.MapDelete("/{id:int}", async (int id, UserAdministration users, CancellationToken ct) =>
                Envelope.Ok(UserDto.From(await users.DeactivateAsync(id, ct)), "User deactivated"))
            .RequireAuthorization(AuthPolicies.CompanyAdmin)
            .WithSummary("Deactivates: no more logins, outstanding tokens stop working within a minute");
        return app;
    }

    private static async Task<IResult> ListAsync(PlatformDbContext db, [AsParameters] PageRequest paging, string? role, string? status,
        string? name, [FromQuery(Name = "company_id")] int? companyId, [FromQuery(Name = "department_id")] int? departmentId, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (role is not null)
        {
            var parsed = UserRoles.FromClaim(role) ?? throw new RequestValidationException("role", "must be super_admin, company_user or department_user");
            query = query.Where(u => u.Role == parsed);
        }
        query = status switch
        {
            null or "" => query,
            "active" => query.Where(u => u.IsActive),
            "inactive" => query.Where(u => !u.IsActive),
            _ => throw new RequestValidationException("status", "must be active or inactive"),
        };
        if (!string.IsNullOrWhiteSpace(name))
        {
            var pattern = $"%{Like.Escape(name.Trim())}%";
            query = query.Where(u => EF.Functions.ILike(u.Email, pattern) || (u.FullName != null && EF.Functions.ILike(u.FullName, pattern)));
        }
        if (companyId is not null) query = query.Where(u => u.CompanyId == companyId);
        if (departmentId is not null) query = query.Where(u => u.DepartmentId == departmentId);

        var result = await query.OrderBy(u => u.Email).Select(UserDto.Projection).ToPageAsync(paging, ct);
        return Envelope.Ok(result, "Users retrieved");
    }

    public sealed record CreateUserRequest(
        [property: Required, EmailAddress, MaxLength(320)] string Email,
        [property: Required, StringLength(200, MinimumLength = PasswordHasher.MinimumLength)] string Password,
        [property: MaxLength(200)] string? FullName,
        [property: Required] string Role,
        int? CompanyId,
        int? DepartmentId,
        string? Language = null);

    /// <summary>Only the given fields change.</summary>
    public sealed record UpdateUserRequest(
        [property: MaxLength(200)] string? FullName,
        string? Role,
        int? DepartmentId,
        [property: StringLength(200, MinimumLength = PasswordHasher.MinimumLength)] string? Password,
        bool? IsActive,
        string? Language = null);
}

public sealed record UserDto(int Id, string Email, string? FullName, string Role, int? CompanyId, int? DepartmentId,
    bool IsActive, DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt, string? Language)
{
    public static readonly System.Linq.Expressions.Expression<Func<User, UserDto>> Projection =
        u => new UserDto(u.Id, u.Email, u.FullName, u.Role == UserRole.SuperAdmin ? UserRoles.SuperAdmin
            : u.Role == UserRole.CompanyUser ? UserRoles.CompanyUser : UserRoles.DepartmentUser,
            u.CompanyId, u.DepartmentId, u.IsActive, u.LastLoginAt, u.CreatedAt, u.Language);

    private static readonly Func<User, UserDto> _map = Projection.Compile();

    public static UserDto From(User user) => _map(user);
}
