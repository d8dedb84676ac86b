using Hangfire;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Admin.Api.JobDescriptions;

/// <summary>A recruiter's "generate questions for this JD": queued as a job that appends the questions to the JD.</summary>
public static class QuestionGenerationApi
{
    private static readonly string[] _difficulties = ["mixed", .. QuestionBank.Difficulties];

    public static IEndpointRouteBuilder MapQuestionGenerationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jds/{id:int}/questions/generate", GenerateAsync).WithTags("Job descriptions").RequireAuthorization(AuthPolicies.Staff)
            .WithSummary("Queues question generation for the JD (the configured AI model, else the offline bank); the questions are appended to the JD");
        return app;
    }

    private static async Task<IResult> GenerateAsync(int id, GenerateRequest? request, PlatformDbContext db, IBackgroundJobClient jobs, AiModel ai,
        IOptions<InterviewOptions> interviews, CancellationToken ct)
    {
        request ??= new GenerateRequest(null, null, null, null);
        var count = request.Count ?? 5;
        var coding = request.CodingCount ?? 1;
        var difficulty = request.Difficulty?.Trim().ToLowerInvariant() ?? "mixed";
        var language = request.Language?.Trim().ToLowerInvariant() ?? interviews.Value.DefaultLanguage;
        var errors = new List<FieldError>();
        if (count is < 1 or > 20) errors.Add(new FieldError("count", "must be between 1 and 20"));
        if (coding < 0 || coding > count) errors.Add(new FieldError("coding_count", "must be between 0 and count"));
        if (!_difficulties.Contains(difficulty)) errors.Add(new FieldError("difficulty", $"must be one of {string.Join(", ", _difficulties)}"));
        if (!interviews.Value.SupportedLanguages.Contains(language)) errors.Add(new FieldError("language", $"must be one of {string.Join(", ", interviews.Value.SupportedLanguages)}"));
        if (errors.Count > 0) throw new RequestValidationException(errors);

        var jd = await db.JobDescriptions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct) ?? throw ApiException.NotFound("Job description");
        if (!jd.IsActive) throw ApiException.Conflict("This job description is inactive");
        var requestId = Guid.NewGuid();
        var jobId = jobs.Enqueue<GenerateQuestionsJob>(j => j.ForJobDescriptionAsync(id, count, coding, difficulty, language, requestId, CancellationToken.None));
        return Envelope.Ok(new QueuedGeneration(id, requestId, jobId, ai.ProviderName, count, difficulty, language), "Question generation queued");
    }

    public sealed record GenerateRequest(int? Count, int? CodingCount, string? Difficulty, string? Language);

    public sealed record QueuedGeneration(int JobId, Guid RequestId, string BackgroundJobId, string Provider, int Count, string Difficulty, string Language);
}
