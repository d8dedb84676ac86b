using System.ComponentModel.DataAnnotations;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;
using InterviewPlatform.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tenancy;

public static class CompaniesApi
{
    public static IEndpointRouteBuilder MapCompaniesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/companies").WithTags("Companies").RequireAuthorization(AuthPolicies.Staff);
        group.MapPost("", CreateAsync).Validate<CreateCompanyRequest>().RequireAuthorization(AuthPolicies.SuperAdmin);
        group.MapGet("", ListAsync).RequireAuthorization(AuthPolicies.SuperAdmin);
        group.MapGet("/{id:int}", GetAsync).WithSummary("A company: super admins any, staff their own");
        group.MapPut("/{id:int}", UpdateAsync).Validate<UpdateCompanyRequest>().RequireAuthorization(AuthPolicies.SuperAdmin)
            .WithSummary("Changes the given fields; status Inactive deactivates, Active reactivates");
        group.MapDelete("/{id:int}", DeactivateAsync).RequireAuthorization(AuthPolicies.SuperAdmin)
            .WithSummary("Deactivates: its users can no longer log in, and their tokens stop working within a minute");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateCompanyRequest request, PlatformDbContext db, CancellationToken ct)
    {
        var company = new Company { Name = request.Name.Trim(), Email = request.Email, Phone = request.Phone, Address = request.Address };
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        return Envelope.Created(CompanyDto.From(company), "Company created");
    }

    private static async Task<IResult> ListAsync(PlatformDbContext db, [AsParameters] PageRequest paging, CompanyStatus? status, string? name, CancellationToken ct)
    {
        var query = db.Companies.AsNoTracking();
        if (status is { } s) query = query.Where(c => c.Status == s);
        if (!string.IsNullOrWhiteSpace(name)) query = query.Where(c => EF.Functions.ILike(c.Name, $"%{Like.Escape(name.Trim())}%"));
        var result = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Select(CompanyDto.Projection).ToPageAsync(paging, ct);
        return Envelope.Ok(result, "Companies retrieved");
    }

    private static async Task<IResult> GetAsync(int id, PlatformDbContext db, CancellationToken ct) =>
        Envelope.Ok(CompanyDto.From(await FindAsync(db, id, ct)), "Company retrieved");

    private static async Task<IResult> UpdateAsync(int id, UpdateCompanyRequest request, PlatformDbContext db, UserDeactivation deactivation, CancellationToken ct)
    {
        var company = await FindAsync(db, id, ct);
        if (request.Name is not null) company.Name = request.Name.Trim();
        if (request.Email is not null) company.Email = request.Email;
        if (request.Phone is not null) company.Phone = request.Phone;
        if (request.Address is not null) company.Address = request.Address;
        var deactivating = request.Status == CompanyStatus.Inactive && company.Status == CompanyStatus.Active;
        if (request.Status is { } status) company.Status = status;
        await db.SaveChangesAsync(ct);
        if (deactivating) await deactivation.EndCompanySessionsAsync(company.Id, ct);
        return Envelope.Ok(CompanyDto.From(company), "Company updated");
    }

    private static async Task<IResult> DeactivateAsync(int id, PlatformDbContext db, UserDeactivation deactivation, CancellationToken ct)
    {
        var company = await FindAsync(db, id, ct);
        company.Status = CompanyStatus.Inactive;
        await db.SaveChangesAsync(ct);
        await deactivation.EndCompanySessionsAsync(company.Id, ct);
        return Envelope.Ok(CompanyDto.From(company), "Company deactivated");
    }

    private static async Task<Company> FindAsync(PlatformDbContext db, int id, CancellationToken ct) =>
        await db.Companies.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw ApiException.NotFound("Company");

    public sealed record CreateCompanyRequest(
        [property: Required, StringLength(200, MinimumLength = 1)] string Name,
        [property: EmailAddress, MaxLength(320)] string? Email,
        [property: MaxLength(40)] string? Phone,
        [property: MaxLength(500)] string? Address);

    public sealed record UpdateCompanyRequest(
        [property: StringLength(200, MinimumLength = 1)] string? Name,
        [property: EmailAddress, MaxLength(320)] string? Email,
        [property: MaxLength(40)] string? Phone,
        [property: MaxLength(500)] string? Address,
        CompanyStatus? Status);
}

public sealed record CompanyDto(int Id, string Name, string? Email, string? Phone, string? Address, CompanyStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static readonly System.Linq.Expressions.Expression<Func<Company, CompanyDto>> Projection =
        c => new CompanyDto(c.Id, c.Name, c.Email, c.Phone, c.Address, c.Status, c.CreatedAt, c.UpdatedAt);

    private static readonly Func<Company, CompanyDto> _map = Projection.Compile();

    public static CompanyDto From(Company company) => _map(company);
}
