using System.ComponentModel.DataAnnotations;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;
using InterviewPlatform.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tenancy;

public static class DepartmentsApi
{
    public static IEndpointRouteBuilder MapDepartmentsApi(this IEndpointRouteBuilder app)
    {
        var company = app.MapGroup("/companies/{companyId:int}/departments").WithTags("Departments").RequireAuthorization(AuthPolicies.Staff);
        company.MapPost("", CreateAsync).Validate<CreateDepartmentRequest>().RequireAuthorization(AuthPolicies.CompanyAdmin);
        company.MapGet("", ListAsync).WithSummary("A company's departments (a department user sees only its own)");

        var department = app.MapGroup("/departments/{id:int}").WithTags("Departments").RequireAuthorization(AuthPolicies.Staff);
        department.MapGet("", GetAsync);
        department.MapPut("", UpdateAsync).Validate<UpdateDepartmentRequest>().RequireAuthorization(AuthPolicies.CompanyAdmin);
        department.MapDelete("", DeactivateAsync).RequireAuthorization(AuthPolicies.CompanyAdmin);
        return app;
    }

    private static async Task<IResult> CreateAsync(int companyId, CreateDepartmentRequest request, PlatformDbContext db, CancellationToken ct)
    {
        var company = await db.Companies.SingleOrDefaultAsync(c => c.Id == companyId, ct) ?? throw ApiException.NotFound("Company");
        if (company.Status == CompanyStatus.Inactive) throw ApiException.Conflict("Company is inactive");
        var name = request.Name.Trim();
        await EnsureNameFreeAsync(db, companyId, name, exceptId: null, ct);

        var department = new Department { CompanyId = companyId, Name = name };
        db.Departments.Add(department);
        await db.SaveChangesAsync(ct);
        return Envelope.Created(DepartmentDto.From(department), "Department created");
    }

    private static async Task<IResult> ListAsync(int companyId, PlatformDbContext db, [AsParameters] PageRequest paging, string? status, string? name, CancellationToken ct)
    {
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct)) throw ApiException.NotFound("Company");
        var query = db.Departments.AsNoTracking().Where(d => d.CompanyId == companyId);
        query = status switch
        {
            null or "" => query,
            "active" => query.Where(d => d.IsActive),
            "inactive" => query.Where(d => !d.IsActive),
            _ => throw new RequestValidationException("status", "must be active or inactive"),
        };
        if (!string.IsNullOrWhiteSpace(name)) query = query.Where(d => EF.Functions.ILike(d.Name, $"%{Like.Escape(name.Trim())}%"));
        var result = await query.OrderBy(d => d.Name).ThenBy(d => d.Id).Select(DepartmentDto.Projection).ToPageAsync(paging, ct);
        return Envelope.Ok(result, "Departments retrieved");
    }

    private static async Task<IResult> GetAsync(int id, PlatformDbContext db, CancellationToken ct) =>
        Envelope.Ok(DepartmentDto.From(await FindAsync(db, id, ct)), "Department retrieved");

    private static async Task<IResult> UpdateAsync(int id, UpdateDepartmentRequest request, PlatformDbContext db, CancellationToken ct)
    {
        var department = await FindAsync(db, id, ct);
        if (request.Name is not null)
        {
            var name = request.Name.Trim();
            await EnsureNameFreeAsync(db, department.CompanyId, name, department.Id, ct);
            department.Name = name;
        }
        if (request.IsActive is { } active) department.IsActive = active;
        await db.SaveChangesAsync(ct);
        return Envelope.Ok(DepartmentDto.From(department), "Department updated");
    }

    private static async Task<IResult> DeactivateAsync(int id, PlatformDbContext db, CancellationToken ct)
    {
        var department = await FindAsync(db, id, ct);
        department.IsActive = false;
        await db.SaveChangesAsync(ct);
        return Envelope.Ok(DepartmentDto.From(department), "Department deactivated");
    }

    private static async Task<Department> FindAsync(PlatformDbContext db, int id, CancellationToken ct) =>
        await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct) ?? throw ApiException.NotFound("Department");

    private static async Task EnsureNameFreeAsync(PlatformDbContext db, int companyId, string name, int? exceptId, CancellationToken ct)
    {
        if (await db.Departments.IgnoreQueryFilters().AnyAsync(d => d.CompanyId == companyId && d.Name == name && d.Id != exceptId, ct))
        {
            throw ApiException.Conflict("A department with this name already exists in the company");
        }
    }

    public sealed record CreateDepartmentRequest([property: Required, StringLength(200, MinimumLength = 1)] string Name);

    public sealed record UpdateDepartmentRequest([property: StringLength(200, MinimumLength = 1)] string? Name, bool? IsActive);
}

public sealed record DepartmentDto(int Id, int CompanyId, string Name, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static readonly System.Linq.Expressions.Expression<Func<Department, DepartmentDto>> Projection =
        d => new DepartmentDto(d.Id, d.CompanyId, d.Name, d.IsActive, d.CreatedAt, d.UpdatedAt);

    private static readonly Func<Department, DepartmentDto> _map = Projection.Compile();

    public static DepartmentDto From(Department department) => _map(department);
}
