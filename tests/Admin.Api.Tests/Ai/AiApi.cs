using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Admin.Api.Tests.Interviews;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewPlatform.Admin.Api.Tests.Ai;

/// <summary>
/// Admin.Api on its own database, offline as configured by default (no AI settings), with the loopback Gemini/Vertex
/// and OpenAI fakes running beside it. Tests run the AI jobs with an <see cref="AiHost"/> per provider against the
/// host's database, and read results through the API as a recruiter would.
/// </summary>
public sealed class AiApi : SchedulingApi
{
    internal FakeGoogleAi Google { get; private set; } = null!;
    internal FakeOpenAi OpenAi { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Google = await FakeGoogleAi.StartAsync();
        OpenAi = await FakeOpenAi.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await Google.DisposeAsync();
        await OpenAi.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A JD with a verbal question (keywords lock, threads, bytecode) and a coding one (keywords loop, sum).</summary>
    public static async Task<int> CreateJdAsync(HttpClient client, string domain = "python") =>
        (await (await client.PostJsonAsync("/jds", new
        {
            title = "Backend Engineer",
            domain,
            description = "We build APIs in Python with PostgreSQL and Docker. Kubernetes experience is a plus.",
            questions = new object[]
            {
                new { text = "Explain Python's GIL.", expected_answer = "A global lock that lets one thread run bytecode at a time", keywords = new[] { "lock", "threads", "bytecode" } },
                new { text = "Sum a list without sum().", expected_answer = "Loop and accumulate", keywords = new[] { "loop", "total" }, kind = "coding", language = "python" },
            },
        })).ReadEnvelopeAsync(201)).Result().GetProperty("id").GetInt32();

    /// <summary>Scheduled through the API, answered with <paramref name="verbal"/> and <paramref name="code"/>, marked completed.</summary>
    public async Task<Guid> CompletedInterviewAsync(TenantActor recruiter, string verbal, string code)
    {
        var jobId = await CreateJdAsync(recruiter.Client);
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", ScheduleForm(jobId))).ReadEnvelopeAsync(200)).Result().GetProperty("unique_id").GetGuid();
        await using var db = Database.CreateContext();
        db.InterviewAnswers.AddRange(
            new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = Guid.NewGuid(), Text = verbal, SubmittedAt = DateTimeOffset.UtcNow },
            new InterviewAnswer { InterviewId = id, Ordinal = 2, AnswerId = Guid.NewGuid(), Code = code, SubmittedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        // Marked evaluated-pending in one go so the host's own sweeper (offline) does not race the test's run.
        await db.Interviews.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed)
            .SetProperty(i => i.EvaluationEnqueuedAt, DateTimeOffset.UtcNow));
        return id;
    }

    /// <summary>The evaluation job as Hangfire runs it, with <paramref name="ai"/>'s provider behind it.</summary>
    internal async Task EvaluateAsync(AiHost ai, Guid interviewId, Guid runId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await new EvaluateInterviewJob(db, ai.Evaluator, TimeProvider.System, NullLogger<EvaluateInterviewJob>.Instance).RunAsync(interviewId, runId, default);
    }

    internal async Task MatchResumeAsync(AiHost ai, Guid interviewId)
    {
        await using var scope = Services.CreateAsyncScope();
        await new ResumeMatchJob(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), ai.Matcher, TimeProvider.System, NullLogger<ResumeMatchJob>.Instance).RunAsync(interviewId, default);
    }

    internal static GenerateQuestionsJob QuestionJob(AiHost ai, AsyncServiceScope scope) =>
        new GenerateQuestionsJob(scope.ServiceProvider.GetRequiredService<PlatformDbContext>(), ai.Generator, ai.Model, NullLogger<GenerateQuestionsJob>.Instance);
}
