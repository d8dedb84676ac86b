using System.ComponentModel.DataAnnotations;
using InterviewPlatform.Admin.Api.Uploads;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.JobDescriptions;

public static class JobDescriptionsApi
{
    public static IEndpointRouteBuilder MapJobDescriptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jds").WithTags("Job descriptions").RequireAuthorization(AuthPolicies.Staff);
        group.MapPost("", CreateAsync).Validate<JdRequest>();
        group.MapGet("", ListAsync);
        group.MapGet("/{id:int}", async (int id, PlatformDbContext db, CancellationToken ct) =>
            Envelope.Ok(JdDto.From(await FindAsync(db, id, ct)), "Job description retrieved"));
        group.MapPut("/{id:int}", UpdateAsync).Validate<JdRequest>()
            .WithSummary("Replaces the JD; interviews already scheduled keep their own copy of the questions");
        group.MapDelete("/{id:int}", DeactivateAsync).WithSummary("Deactivates: no new interviews; past interviews stay intact");
        group.MapPost("/{id:int}/file", UploadFileAsync).DisableAntiforgery().Accepts<MultipartBodies.JdFile>(MultipartBodies.ContentType)
            .WithSummary("Attaches the JD file (pdf, docx, doc, txt; multipart field 'file'); its text is extracted");
        group.MapGet("/{id:int}/file", DownloadFileAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(JdRequest request, PlatformDbContext db, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var questions = QuestionInput.ToRows(request.Questions, errors);
        var department = await ResolveDepartmentAsync(db, request.DepartmentId, errors, ct);
        if (errors.Count > 0) throw new RequestValidationException(errors);

        var jd = new JobDescription
        {
            CompanyId = department!.CompanyId,
            DepartmentId = department.Id,
            Title = request.Title.Trim(),
            Description = request.Description,
            Domain = request.Domain.Trim().ToLowerInvariant(),
            Questions = questions,
        };
        db.JobDescriptions.Add(jd);
        await db.SaveChangesAsync(ct);
        return Envelope.Created(JdDto.From(jd), "Job description created");
    }

    private static async Task<IResult> ListAsync(PlatformDbContext db, [AsParameters] PageRequest paging, string? status, string? domain, string? title,
        [FromQuery(Name = "department_id")] int? departmentId, CancellationToken ct)
    {
        var query = db.JobDescriptions.AsNoTracking();
        query = status switch
        {
            null or "" => query,
            "active" => query.Where(j => j.IsActive),
            "inactive" => query.Where(j => !j.IsActive),
            _ => throw new RequestValidationException("status", "must be active or inactive"),
        };
        if (!string.IsNullOrWhiteSpace(domain)) query = query.Where(j => j.Domain == domain.Trim().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(title)) query = query.Where(j => EF.Functions.ILike(j.Title, $"%{Like.Escape(title.Trim())}%"));
        if (departmentId is not null) query = query.Where(j => j.DepartmentId == departmentId);
        var page = await query.OrderByDescending(j => j.Id)
            .Select(j => new JdSummary(j.Id, j.Title, j.Domain, j.CompanyId, j.DepartmentId, j.IsActive, j.Questions.Count, j.File != null, j.CreatedAt))
            .ToPageAsync(paging, ct);
        return Envelope.Ok(page, "Job descriptions retrieved");
    }

    private static async Task<IResult> UpdateAsync(int id, JdRequest request, PlatformDbContext db, CancellationToken ct)
    {
        var jd = await FindAsync(db, id, ct);
        var errors = new List<FieldError>();
        var questions = QuestionInput.ToRows(request.Questions, errors);
        var department = request.DepartmentId is null || request.DepartmentId == jd.DepartmentId
            ? null : await ResolveDepartmentAsync(db, request.DepartmentId, errors, ct);
        if (department is not null && department.CompanyId != jd.CompanyId) errors.Add(new FieldError("department_id", "must be in the JD's company"));
        if (errors.Count > 0) throw new RequestValidationException(errors);

        jd.Title = request.Title.Trim();
        jd.Description = request.Description;
        jd.Domain = request.Domain.Trim().ToLowerInvariant();
        if (department is not null) jd.DepartmentId = department.Id;
        if (request.IsActive is { } active) jd.IsActive = active;
        db.RemoveRange(jd.Questions);
        jd.Questions = questions;
        await db.SaveChangesAsync(ct);
        return Envelope.Ok(JdDto.From(jd), "Job description updated");
    }

    private static async Task<IResult> DeactivateAsync(int id, PlatformDbContext db, CancellationToken ct)
    {
        var jd = await FindAsync(db, id, ct);
        jd.IsActive = false;
        await db.SaveChangesAsync(ct);
        return Envelope.Ok(JdDto.From(jd), "Job description deactivated");
    }

    private static async Task<IResult> UploadFileAsync(int id, HttpRequest request, PlatformDbContext db, UploadStore store, TextExtractor extractor, CancellationToken ct)
    {
        var jd = await FindAsync(db, id, ct);
        var form = await MultipartForm.ReadAsync(request, store, new HashSet<string> { "file" }, ct);
        if (!form.Files.TryGetValue("file", out var upload)) throw new RequestValidationException("file", "is required");

        var previous = jd.File?.StorageKey;
        try
        {
            jd.File = StoredFile.From(upload, extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind));
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(upload.StorageKey);
            throw;
        }
        if (previous is not null) store.Delete(previous);
        return Envelope.Ok(JdDto.From(jd), "Job description file stored");
    }

    private static async Task<IResult> DownloadFileAsync(int id, PlatformDbContext db, UploadStore store, CancellationToken ct)
    {
        var jd = await FindAsync(db, id, ct);
        if (jd.File is null) throw ApiException.NotFound("File");
        return TypedResults.Stream(store.OpenRead(jd.File.StorageKey), jd.File.ContentType, jd.File.FileName);
    }

    private static async Task<JobDescription> FindAsync(PlatformDbContext db, int id, CancellationToken ct) =>
        await db.JobDescriptions.Include(j => j.Questions.OrderBy(q => q.Ordinal)).SingleOrDefaultAsync(j => j.Id == id, ct)
        ?? throw ApiException.NotFound("Job description");

    /// <summary>A department user writes JDs for its own department; others name one they can see.</summary>
    private static async Task<Shared.Tenancy.Department?> ResolveDepartmentAsync(PlatformDbContext db, int? departmentId, List<FieldError> errors, CancellationToken ct)
    {
        var id = departmentId ?? db.CurrentUser.DepartmentId;
        if (id is null)
        {
            errors.Add(new FieldError("department_id", "is required"));
            return null;
        }
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null || !department.IsActive) errors.Add(new FieldError("department_id", "unknown or inactive department"));
        return department;
    }

    public sealed record JdRequest(
        [property: Required, StringLength(200, MinimumLength = 1)] string Title,
        [property: MaxLength(20000)] string? Description,
        [property: Required, StringLength(100, MinimumLength = 1)] string Domain,
        int? DepartmentId,
        bool? IsActive,
        List<QuestionInput>? Questions);
}

public sealed record JdSummary(int Id, string Title, string Domain, int CompanyId, int DepartmentId, bool IsActive, int QuestionCount, bool HasFile, DateTimeOffset CreatedAt);

public sealed record JdDto(int Id, string Title, string? Description, string Domain, int CompanyId, int DepartmentId, bool IsActive,
    IReadOnlyList<QuestionDto> Questions, JdFileDto? File, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static JdDto From(JobDescription jd) => new(jd.Id, jd.Title, jd.Description, jd.Domain, jd.CompanyId, jd.DepartmentId, jd.IsActive,
        jd.Questions.OrderBy(q => q.Ordinal).Select(q => QuestionDto.From(q.Ordinal, q)).ToList(),
        jd.File is { } f ? new JdFileDto(f.FileName, f.ContentType, f.Length, f.TextFailed, f.TextError, f.Text?.Length ?? 0) : null,
        jd.CreatedAt, jd.UpdatedAt);
}

public sealed record JdFileDto(string FileName, string ContentType, long Length, bool TextFailed, string? TextError, int TextLength);
