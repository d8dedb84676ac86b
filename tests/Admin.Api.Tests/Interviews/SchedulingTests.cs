using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

public sealed class SchedulingTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    [Fact]
    public async Task Schedule_answers_v7_shape_copies_questions_and_emails_the_candidate_in_their_language()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);

        var response = await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId, language: "es"));
        var envelope = await response.ReadEnvelopeAsync(200);
        Assert.Equal("Interview scheduled successfully", envelope.Message());
        Assert.Equal("scheduled", envelope.Result().GetProperty("interview_status").GetString());
        var id = envelope.Result().GetProperty("unique_id").GetGuid();
        Assert.StartsWith($"https://candidates.example/interview/{id}?token=", envelope.Result().GetProperty("join_url").GetString());

        // Editing the JD later does not change the scheduled interview.
        await (await recruiter.Client.PutJsonAsync($"/jds/{jobId}", new { title = "Changed", domain = "python", questions = new[] { new { text = "New question?" } } }))
            .ReadEnvelopeAsync(200);

        var interview = (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result();
        foreach (var field in new[] { "unique_id", "company_id", "department_id", "full_name", "age", "sex", "phone", "email_id", "job_id", "domain",
                     "interview_questions", "interview_answers", "evaluation_result", "status", "scheduled_at", "language_preference", "mode", "created_at" })
        {
            Assert.True(interview.TryGetProperty(field, out _), $"missing {field} in {interview}");
        }
        Assert.Equal(["Explain Python's GIL.", "What is a generator?"],
            interview.GetProperty("interview_questions").EnumerateArray().Select(q => q.GetProperty("text").GetString()));
        Assert.Equal("STATIC", interview.GetProperty("mode").GetString());
        Assert.True(interview.GetProperty("resume").GetProperty("text_extracted").GetBoolean());

        await using (var db = api.Database.CreateContext())
        {
            var stored = await db.Interviews.SingleAsync(i => i.Id == id);
            Assert.Contains("Python developer", stored.Resume!.Text);
        }

        var messages = await api.WaitForMailAsync(id.ToString(), 2);
        if (messages.Count < 2)
        {
            await using var db = api.Database.CreateContext();
            var rows = await db.OutboxEmails.Where(o => o.InterviewId == id).Select(o => $"{o.Id} {o.Recipient} {o.Status} {o.Attempts} {o.LastError}").ToListAsync();
            Assert.Fail($"{messages.Count} mail(s) arrived; outbox: {string.Join(" | ", rows)}");
        }
        var candidate = Assert.Single(messages, m => m.To.Mailboxes.Any(a => a.Address == "lucia@example.test"));
        Assert.Contains("entrevista", candidate.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"https://candidates.example/interview/{id}?token=", candidate.TextBody);
        Assert.Contains(candidate.Attachments, a => a.ContentType.MimeType == "text/calendar");
        Assert.Single(messages, m => m.To.Mailboxes.Any(a => a.Address == recruiter.User.Email));
    }

    [Fact]
    public async Task Dynamic_mode_draws_a_mixed_set_from_the_offline_bank_for_the_domain()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var form = SchedulingApi.ScheduleForm(jobId, overrides: new() { ["mode"] = "DYNAMIC", ["domain"] = "devops" });
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", form)).ReadEnvelopeAsync(200)).Result().GetProperty("unique_id").GetGuid();

        var interview = (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result();
        Assert.Equal("DYNAMIC", interview.GetProperty("mode").GetString());
        var questions = interview.GetProperty("interview_questions").EnumerateArray().ToList();
        Assert.Equal(5, questions.Count);
        Assert.DoesNotContain(questions, q => q.GetProperty("text").GetString() == "Explain Python's GIL.");
        Assert.All(questions, q => Assert.NotEmpty(q.GetProperty("keywords").EnumerateArray()));
    }

    [Fact]
    public async Task Bad_fields_are_all_named_in_a_422()
    {
        var recruiter = await api.CompanyAdminAsync();
        var other = await api.DepartmentUserAsync();
        var otherJob = await SchedulingApi.CreateJdAsync(other.Client);
        var filesBefore = api.UploadCount();

        var form = SchedulingApi.ScheduleForm(otherJob, language: "xx", scheduledAt: DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            overrides: new() { ["age"] = "15", ["email_id"] = "not-an-email" });
        var envelope = await (await recruiter.Client.PostAsync("/interview/schedule", form)).ReadEnvelopeAsync(422);

        var fields = envelope.Result().EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "language_preference", "scheduled_at", "age", "email_id", "job_id" }, fields);
        Assert.Equal(filesBefore, api.UploadCount());
    }

    [Fact]
    public async Task Renamed_executable_is_415_and_nothing_is_kept()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        Random.Shared.NextBytes(exe.AsSpan(2));

        var envelope = await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId, resume: exe, resumeName: "cv.pdf")))
            .ReadEnvelopeAsync(415);
        Assert.Equal("resume", envelope.Result()[0].GetProperty("field").GetString());
        await using var db = api.Database.CreateContext();
        Assert.False(await db.Interviews.AnyAsync(i => i.DepartmentId == recruiter.Department.Id));
    }

    [Fact]
    public async Task A_50_MiB_resume_is_refused_with_413_after_reading_no_more_than_the_limit()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var filesBefore = api.UploadCount();
        var source = new CountingStream(50L * 1024 * 1024);
        var form = SchedulingApi.ScheduleForm(jobId);
        form.Add(new StreamContent(source), "resume", "huge.pdf"); // replaces the small resume: the last file wins

        var request = new HttpRequestMessage(HttpMethod.Post, "/interview/schedule") { Content = new SingleResumeForm(form).Content };
        request.Headers.Add("X-Count-Body", "1");
        var response = await recruiter.Client.SendAsync(request);

        var envelope = await response.ReadEnvelopeAsync(413);
        Assert.Equal("Resume file too large", envelope.Message());
        // The host stopped reading right after MAX_FILE_SIZE (10 MiB) plus the form's other fields and one chunk.
        Assert.InRange(api.CountedBodyBytes, 10L * 1024 * 1024, 10L * 1024 * 1024 + 256 * 1024);
        Assert.Equal(filesBefore, api.UploadCount());
    }

    [Fact]
    public async Task Another_tenants_interview_answers_404()
    {
        var owner = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(owner.Client);
        var id = (await (await owner.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        var stranger = await api.CompanyAdminAsync();

        await (await stranger.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(404);
        await (await stranger.Client.GetAsync($"/interview/{id}/resume")).ReadEnvelopeAsync(404);
        await (await stranger.Client.PostJsonAsync($"/interview/{id}/cancel", new { reason = "x" })).ReadEnvelopeAsync(404);
        await (await stranger.Client.GetAsync($"/jds/{jobId}")).ReadEnvelopeAsync(404);
        var list = await (await stranger.Client.GetAsync("/interviews")).ReadEnvelopeAsync(200);
        Assert.Equal(0, list.Result().GetProperty("total").GetInt32());

        var resume = await owner.Client.GetAsync($"/interview/{id}/resume");
        Assert.Equal("application/pdf", resume.Content.Headers.ContentType!.MediaType);
        Assert.Equal("cv.pdf", resume.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Reschedule_raises_token_version_and_cancel_stops_further_changes()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();

        var newSlot = DateTimeOffset.UtcNow.AddDays(5);
        await (await recruiter.Client.PostJsonAsync($"/interview/{id}/reschedule", new { scheduled_at = newSlot })).ReadEnvelopeAsync(200);
        await (await recruiter.Client.PostJsonAsync($"/interview/{id}/cancel", new { reason = "Position filled" })).ReadEnvelopeAsync(200);
        await (await recruiter.Client.PostJsonAsync($"/interview/{id}/reschedule", new { scheduled_at = newSlot })).ReadEnvelopeAsync(409);

        await using var db = api.Database.CreateContext();
        var interview = await db.Interviews.SingleAsync(i => i.Id == id);
        Assert.Equal(InterviewStatus.Cancelled, interview.Status);
        Assert.Equal(3, interview.TokenVersion);
        Assert.Equal(2, interview.CalendarSequence);
        var kinds = await db.OutboxEmails.Where(o => o.InterviewId == id && !o.ToRecruiter).OrderBy(o => o.Id).Select(o => o.Kind).ToListAsync();
        Assert.Equal(["invitation", "rescheduled", "cancelled"], kinds);
    }
}

/// <summary>Produces zeros up to a length, lazily, and counts what the server pulled.</summary>
internal sealed class CountingStream(long length) : Stream
{
    public long BytesRead { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - BytesRead);
        if (BytesRead == 0 && n >= 5) "%PDF-"u8.CopyTo(buffer.AsSpan(offset));
        BytesRead += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Drops the default small resume part so the form carries only the last one added.</summary>
internal sealed class SingleResumeForm(MultipartFormDataContent form)
{
    public MultipartFormDataContent Content
    {
        get
        {
            var result = new MultipartFormDataContent();
            var parts = form.ToList();
            var lastResume = parts.Last(p => p.Headers.ContentDisposition?.Name?.Trim('"') == "resume");
            foreach (var part in parts.Where(p => p.Headers.ContentDisposition?.Name?.Trim('"') != "resume" || p == lastResume))
            {
                result.Add(part);
            }
            return result;
        }
    }
}
