using System.Net.Http.Headers;
using System.Text;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

public sealed class JobDescriptionTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    [Fact]
    public async Task A_recruiter_writes_a_jd_with_questions_and_a_file_whose_text_is_extracted()
    {
        var recruiter = await api.DepartmentUserAsync();
        var created = await (await recruiter.Client.PostJsonAsync("/jds", new
        {
            title = "Data Scientist",
            domain = "Data-Science",
            questions = new object[]
            {
                new { text = "Explain overfitting.", keywords = new[] { "Variance", "regularization" } },
                new { text = "Write a function that deduplicates a list.", kind = "coding", language = "python", starter_code = "def dedupe(xs):\n    pass\n" },
            },
        })).ReadEnvelopeAsync(201);
        var jd = created.Result();
        var id = jd.GetProperty("id").GetInt32();
        Assert.Equal("data-science", jd.GetProperty("domain").GetString());
        Assert.Equal(recruiter.Department.Id, jd.GetProperty("department_id").GetInt32());
        var coding = jd.GetProperty("questions")[1];
        Assert.Equal("coding", coding.GetProperty("kind").GetString());
        Assert.Equal(900, coding.GetProperty("time_limit_seconds").GetInt32());
        Assert.Equal(["variance", "regularization"], jd.GetProperty("questions")[0].GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("We need a data scientist who knows pandas."));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "jd.txt");
        var withFile = await (await recruiter.Client.PostAsync($"/jds/{id}/file", form)).ReadEnvelopeAsync(200);
        Assert.False(withFile.Result().GetProperty("file").GetProperty("text_failed").GetBoolean());

        var download = await recruiter.Client.GetAsync($"/jds/{id}/file");
        Assert.Equal("We need a data scientist who knows pandas.", await download.Content.ReadAsStringAsync());
        Assert.Equal("jd.txt", download.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Bad_questions_are_named_field_by_field()
    {
        var recruiter = await api.DepartmentUserAsync();
        var envelope = await (await recruiter.Client.PostJsonAsync("/jds", new
        {
            title = "X",
            domain = "python",
            questions = new object[] { new { text = "" }, new { text = "Code it", kind = "coding" }, new { text = "Quick", time_limit_seconds = 5 } },
        })).ReadEnvelopeAsync(422);
        Assert.Equal(["questions[0].text", "questions[1].language", "questions[2].time_limit_seconds"],
            envelope.Result().EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A_deactivated_jd_takes_no_new_interviews_and_keeps_its_past_ones()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var interviewId = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();

        await (await recruiter.Client.DeleteAsync($"/jds/{jobId}")).ReadEnvelopeAsync(200);

        var refused = await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(422);
        Assert.Contains(refused.Result().EnumerateArray(), e => e.GetProperty("field").GetString() == "job_id");
        var past = await (await recruiter.Client.GetAsync($"/interview/{interviewId}")).ReadEnvelopeAsync(200);
        Assert.Equal(2, past.Result().GetProperty("interview_questions").GetArrayLength());
        var list = await (await recruiter.Client.GetAsync($"/interviews?job_id={jobId}&status=scheduled")).ReadEnvelopeAsync(200);
        Assert.Equal(1, list.Result().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Evaluation_writes_one_run_per_completion_and_names_its_evaluator()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        await using (var db = api.Database.CreateContext())
        {
            db.InterviewAnswers.AddRange(
                new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = Guid.NewGuid(), Text = "A global lock so only one of the threads runs bytecode", SubmittedAt = DateTimeOffset.UtcNow },
                new InterviewAnswer { InterviewId = id, Ordinal = 2, AnswerId = Guid.NewGuid(), Unanswered = true, SubmittedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await db.Interviews.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed));
        }

        for (var run = 0; run < 2; run++) // Hangfire's retry, or the sweeper enqueuing twice
        {
            await using var scope = api.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<EvaluateInterviewJob>().RunAsync(id, default);
        }

        var interview = (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result();
        Assert.Equal("evaluated", interview.GetProperty("status").GetString());
        var evaluation = interview.GetProperty("evaluation_result");
        Assert.Equal(OfflineEvaluator.Name, evaluation.GetProperty("evaluator").GetString());
        Assert.Equal(EvaluateInterviewJob.CompletionRunId(id), evaluation.GetProperty("run_id").GetGuid());
        var answers = evaluation.GetProperty("answers");
        Assert.True(answers[0].GetProperty("score").GetDouble() > 5, answers[0].ToString());
        Assert.True(answers[0].GetProperty("answered").GetBoolean());
        Assert.Equal(0, answers[1].GetProperty("score").GetDouble());
        Assert.False(answers[1].GetProperty("answered").GetBoolean());
        await using var check = api.Database.CreateContext();
        Assert.Equal(1, await check.EvaluationRuns.CountAsync(r => r.InterviewId == id));
    }
}
