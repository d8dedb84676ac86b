using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Admin.Api.Tests.Interviews;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Ai;

/// <summary>Resume–JD match at scheduling and question generation, offline (as the host is configured) and with a provider.</summary>
public sealed class AiGenerationTests(AiApi api) : IClassFixture<AiApi>
{
    private const string Resume = "Lucia Fernandez. Five years building REST APIs in Python and PostgreSQL. Deployed services with Docker on AWS.";

    private static async Task<JsonElement> InterviewAsync(TenantActor recruiter, Guid id) =>
        (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result();

    private async Task<Guid> ScheduleAsync(TenantActor recruiter, string mode = "STATIC")
    {
        var jobId = await AiApi.CreateJdAsync(recruiter.Client);
        return (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId, resume: SchedulingApi.Pdf(Resume),
            overrides: new() { ["mode"] = mode }))).ReadEnvelopeAsync(200)).Result().GetProperty("unique_id").GetGuid();
    }

    /// <summary>The match the host's own job (offline, run by Hangfire after scheduling) stores.</summary>
    private static async Task<JsonElement> WaitForMatchAsync(TenantActor recruiter, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var match = (await InterviewAsync(recruiter, id)).GetProperty("resume_match");
            if (match.ValueKind != JsonValueKind.Null) return match;
            Assert.True(DateTime.UtcNow < deadline, "no resume match was stored after scheduling");
            await Task.Delay(250);
        }
    }

    private static IEnumerable<(string Skill, string Evidence)> Skills(JsonElement match, string list) =>
        match.GetProperty(list).EnumerateArray().Select(e => (e.GetProperty("skill").GetString()!.ToLowerInvariant(), e.GetProperty("evidence").GetString()!));

    [Fact]
    public async Task Scheduling_stores_an_offline_resume_match_whose_evidence_is_quoted_from_the_resume()
    {
        var recruiter = await api.DepartmentUserAsync();
        var id = await ScheduleAsync(recruiter);

        var match = await WaitForMatchAsync(recruiter, id);
        Assert.Equal(ResumeMatcher.OfflineName, match.GetProperty("evaluator").GetString());
        var matched = Skills(match, "matched").ToDictionary();
        Assert.Equal(["docker", "postgresql", "python"], matched.Keys.Order());
        Assert.Equal("Five years building REST APIs in Python and PostgreSQL.", matched["python"]);
        var missing = Assert.Single(Skills(match, "missing"));
        Assert.Equal(("kubernetes", "Kubernetes experience is a plus."), missing);
        Assert.Equal(75, match.GetProperty("score").GetInt32());
    }

    [Theory]
    [InlineData("gemini")]
    [InlineData("openai")]
    public async Task A_provider_s_match_is_stored_with_quotes_the_resume_really_contains(string provider)
    {
        using var ai = AiHost.For(provider, api.Google, api.OpenAi);
        var recruiter = await api.DepartmentUserAsync();
        var id = await ScheduleAsync(recruiter);
        await WaitForMatchAsync(recruiter, id);
        await using (var db = api.Database.CreateContext())
            await db.ResumeMatches.Where(m => m.InterviewId == id).ExecuteDeleteAsync();

        await api.MatchResumeAsync(ai, id);

        var match = (await InterviewAsync(recruiter, id)).GetProperty("resume_match");
        Assert.Equal(ResumeMatcher.AiName, match.GetProperty("evaluator").GetString());
        Assert.Equal(provider, match.GetProperty("provider").GetString());
        Assert.True(match.GetProperty("tokens_used").GetInt64() > 0);
        Assert.Equal(75, match.GetProperty("score").GetInt32());
        Assert.Contains(("python", "Five years building REST APIs in Python and PostgreSQL"), Skills(match, "matched"));
        Assert.Contains(("kubernetes", "Kubernetes experience is a plus"), Skills(match, "missing"));
    }

    [Fact]
    public async Task A_quote_the_resume_does_not_contain_is_refused_and_the_offline_match_stored()
    {
        using var ai = AiHost.For("gemini", api.Google, api.OpenAi);
        var recruiter = await api.DepartmentUserAsync();
        var id = await ScheduleAsync(recruiter);
        await WaitForMatchAsync(recruiter, id);
        await using (var db = api.Database.CreateContext())
            await db.ResumeMatches.Where(m => m.InterviewId == id).ExecuteDeleteAsync();
        var callsBefore = api.Google.Calls.Count;
        api.Google.Before = async (context, call) =>
        {
            await FakeGoogleAi.ReplyAsync(context, call.Model,
                """{"score":95,"matched":[{"skill":"Kubernetes","evidence":"Led a team of 40 Kubernetes engineers"}],"missing":[]}""");
            return true;
        };
        try
        {
            await api.MatchResumeAsync(ai, id);
        }
        finally
        {
            api.Google.Before = null;
        }

        Assert.Equal(2, api.Google.Calls.Count - callsBefore);
        var match = (await InterviewAsync(recruiter, id)).GetProperty("resume_match");
        Assert.Equal(ResumeMatcher.OfflineName, match.GetProperty("evaluator").GetString());
        Assert.Contains("not an exact quotation", match.GetProperty("fallback_reason").GetString());
        Assert.DoesNotContain("kubernetes", Skills(match, "matched").Select(s => s.Skill));
    }

    [Fact]
    public async Task A_recruiter_generates_questions_for_a_jd_offline_from_the_bank_and_bad_input_is_refused()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await AiApi.CreateJdAsync(recruiter.Client);

        var refused = await (await recruiter.Client.PostJsonAsync($"/jds/{jobId}/questions/generate", new { count = 50, language = "xx", difficulty = "brutal" })).ReadEnvelopeAsync(422);
        Assert.Equal(["count", "difficulty", "language"], refused.Result().EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order());
        await (await recruiter.Client.PostJsonAsync("/jds/999999/questions/generate", new { })).ReadEnvelopeAsync(404);

        var queued = (await (await recruiter.Client.PostJsonAsync($"/jds/{jobId}/questions/generate", new { count = 2, difficulty = "easy", language = "en" })).ReadEnvelopeAsync(200)).Result();
        Assert.Equal("offline", queued.GetProperty("provider").GetString());
        var deadline = DateTime.UtcNow.AddSeconds(40);
        JsonElement questions;
        do
        {
            await Task.Delay(250);
            questions = (await (await recruiter.Client.GetAsync($"/jds/{jobId}")).ReadEnvelopeAsync(200)).Result().GetProperty("questions");
        } while (questions.GetArrayLength() < 4 && DateTime.UtcNow < deadline);
        Assert.Equal(4, questions.GetArrayLength());
        var bank = new QuestionBank().Questions("python", "easy").Select(q => q.Text).ToList();
        Assert.All(questions.EnumerateArray().Skip(2), q => Assert.Contains(q.GetProperty("text").GetString(), bank));
        Assert.Equal([1, 2, 3, 4], questions.EnumerateArray().Select(q => q.GetProperty("ordinal").GetInt32()));
    }

    [Fact]
    public async Task A_provider_writes_jd_questions_in_the_requested_language_verbal_and_coding()
    {
        using var ai = AiHost.For("gemini", api.Google, api.OpenAi);
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await AiApi.CreateJdAsync(recruiter.Client);

        await using (var scope = api.Services.CreateAsyncScope())
            await AiApi.QuestionJob(ai, scope).ForJobDescriptionAsync(jobId, 4, 1, "medium", "es", Guid.NewGuid(), default);

        var call = api.Google.Calls.Last();
        var data = JsonDocument.Parse(call.UserParts[0]).RootElement;
        Assert.Equal("es", data.GetProperty("language").GetString());
        Assert.Equal("Backend Engineer", data.GetProperty("job_title").GetString());
        var questions = (await (await recruiter.Client.GetAsync($"/jds/{jobId}")).ReadEnvelopeAsync(200)).Result().GetProperty("questions").EnumerateArray().Skip(2).ToList();
        Assert.Equal(4, questions.Count);
        Assert.All(questions, q => Assert.StartsWith("Pregunta", q.GetProperty("text").GetString()));
        Assert.Equal(["verbal", "verbal", "verbal", "coding"], questions.Select(q => q.GetProperty("kind").GetString()));
        Assert.Equal("python", questions[3].GetProperty("language").GetString());
        Assert.Equal(3, questions[0].GetProperty("ordinal").GetInt32());
    }

    [Fact]
    public async Task A_retried_jd_generation_request_adds_its_questions_once_and_asks_the_model_once()
    {
        using var ai = AiHost.For("gemini", api.Google, api.OpenAi);
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await AiApi.CreateJdAsync(recruiter.Client);
        var request = Guid.NewGuid();
        var calls = api.Google.Calls.Count;

        // Hangfire runs a job again when its worker died after the commit but before the job was marked done.
        for (var run = 0; run < 2; run++)
        {
            await using var scope = api.Services.CreateAsyncScope();
            await AiApi.QuestionJob(ai, scope).ForJobDescriptionAsync(jobId, 3, 1, "medium", "en", request, default);
        }

        var questions = (await (await recruiter.Client.GetAsync($"/jds/{jobId}")).ReadEnvelopeAsync(200)).Result().GetProperty("questions");
        Assert.Equal(2 + 3, questions.GetArrayLength());
        Assert.Equal(calls + 1, api.Google.Calls.Count);
    }

    [Fact]
    public async Task A_dynamic_interview_gets_questions_written_for_its_resume_once_and_never_after_it_started()
    {
        using var ai = AiHost.For("openai", api.Google, api.OpenAi);
        var recruiter = await api.DepartmentUserAsync();
        var id = await ScheduleAsync(recruiter, mode: "DYNAMIC");
        var started = await ScheduleAsync(recruiter, mode: "DYNAMIC");
        var bankQuestions = (await InterviewAsync(recruiter, id)).GetProperty("interview_questions").EnumerateArray().Select(q => q.GetProperty("text").GetString()).ToList();
        Assert.Equal(5, bankQuestions.Count); // the offline bank's, so the interview can start whatever happens next
        await using (var db = api.Database.CreateContext())
            await db.Interviews.Where(i => i.Id == started).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.InProgress));

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var job = AiApi.QuestionJob(ai, scope);
            await job.ForInterviewAsync(id, default);
            var calls = api.OpenAi.Calls.Count;
            await job.ForInterviewAsync(id, default); // a retry after the commit
            await job.ForInterviewAsync(started, default);
            Assert.Equal(calls, api.OpenAi.Calls.Count);
        }

        var interview = await InterviewAsync(recruiter, id);
        Assert.Equal("openai/gpt-4o-mini", interview.GetProperty("questions_generated_by").GetString());
        var questions = interview.GetProperty("interview_questions").EnumerateArray().ToList();
        Assert.Equal(GenerateQuestionsJob.InterviewQuestions, questions.Count);
        Assert.All(questions, q => Assert.Contains("Lucia Fernandez", q.GetProperty("text").GetString())); // written from the resume
        Assert.All(questions, q => Assert.StartsWith("Pregunta", q.GetProperty("text").GetString())); // in the interview's language (es)
        Assert.Equal("coding", questions[^1].GetProperty("kind").GetString());
        var untouched = await InterviewAsync(recruiter, started);
        Assert.Equal(JsonValueKind.Null, untouched.GetProperty("questions_generated_by").ValueKind);
    }
}
