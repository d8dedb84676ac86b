using InterviewPlatform.SessionServer.Sessions;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>The hub's look-before-starting calls the candidate page uses, beside Join, which keeps its meaning.</summary>
public sealed class SessionPreviewTests(SessionServerFactory server) : IClassFixture<SessionServerFactory>
{
    private async Task<CandidateClient> ConnectAsync(Interview interview, string device, bool messagePack = false)
    {
        var client = new CandidateClient(server.Hub("/hubs/interview", server.CandidateToken(interview), device, messagePack));
        await client.Connection.StartAsync();
        return client;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Peek_shows_the_interview_without_starting_it_and_join_starts_it(bool messagePack)
    {
        var interview = await server.ScheduleAsync(questions: 3, durationMinutes: 45);
        await using var candidate = await ConnectAsync(interview, "laptop", messagePack);

        var preview = await candidate.Connection.InvokeAsync<SessionPreview>("Peek");
        Assert.Equal(InterviewStatus.Scheduled, preview.State.Status);
        Assert.Null(preview.State.Current);
        Assert.Equal(3, preview.State.QuestionCount);
        Assert.Equal("Engineer", preview.JobTitle);
        Assert.StartsWith("Co ", preview.CompanyName);
        Assert.Equal(45, preview.DurationMinutes);
        Assert.Equal("UTC", preview.TimeZone);
        await using (var db = server.Database.CreateContext())
        {
            Assert.Null((await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id)).StartedAt);
        }

        var started = await candidate.JoinAsync();
        Assert.Equal(InterviewStatus.InProgress, started.Status);
        Assert.Equal(InterviewStatus.InProgress, (await candidate.Connection.InvokeAsync<SessionPreview>("Peek")).State.Status);
    }

    [Fact]
    public async Task Before_the_slot_the_link_may_look_but_join_is_refused_and_the_clock_stays_stopped()
    {
        // The link works 15 minutes early (the page's waiting room); only the slot starts the interview.
        var interview = await server.ScheduleAsync(slot: DateTimeOffset.UtcNow.AddMinutes(10));
        await using var candidate = await ConnectAsync(interview, "laptop");

        Assert.Equal(InterviewStatus.Scheduled, (await candidate.Connection.InvokeAsync<SessionPreview>("Peek")).State.Status);
        Assert.Equal(RefusalCodes.TooEarly, await Refusal.CodeAsync(candidate.JoinAsync));
        Assert.Equal(InterviewStatus.Scheduled, (await candidate.Connection.InvokeAsync<SessionPreview>("Peek")).State.Status);
        await using var db = server.Database.CreateContext();
        var stored = await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id);
        Assert.Equal(InterviewStatus.Scheduled, stored.Status);
        Assert.Null(stored.StartedAt);
    }

    [Fact]
    public async Task Taking_over_with_a_peek_moves_the_session_without_starting_it()
    {
        var interview = await server.ScheduleAsync();
        await using var laptop = await ConnectAsync(interview, "laptop");
        await laptop.Connection.InvokeAsync<SessionPreview>("Peek");

        await using var phone = await ConnectAsync(interview, "phone");
        await phone.TakeoverOffered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var preview = await phone.Connection.InvokeAsync<SessionPreview>("ConfirmTakeoverAndPeek");

        Assert.Equal(InterviewStatus.Scheduled, preview.State.Status);
        await laptop.TakenOver.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var db = server.Database.CreateContext();
        Assert.Null((await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id)).StartedAt);
    }

    [Fact]
    public async Task Consent_is_recorded_by_its_own_call_and_the_browser_cannot_fake_it_as_an_integrity_signal()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview, "laptop");

        await candidate.Connection.InvokeAsync("RecordConsent", false, "fr");
        Assert.Equal("invalid_event", await Refusal.CodeAsync(() => candidate.Connection.InvokeAsync("ReportIntegrity", IntegrityEventKind.ConsentGiven, null)));
        Assert.Equal(RefusalCodes.InvalidText, await Refusal.CodeAsync(() => candidate.Connection.InvokeAsync("RecordConsent", true, "f\u0000")));
        await candidate.Connection.InvokeAsync("ReportIntegrity", IntegrityEventKind.TabHidden, null);

        await using var db = server.Database.CreateContext();
        var timeline = await db.IntegrityEvents.AsNoTracking().Where(e => e.InterviewId == interview.Id && e.Kind != IntegrityEventKind.Connected)
            .OrderBy(e => e.Id).Select(e => new { e.Kind, e.Detail }).ToListAsync();
        Assert.Equal([IntegrityEventKind.ConsentDeclined, IntegrityEventKind.TabHidden], timeline.Select(e => e.Kind));
        Assert.Equal("fr", timeline[0].Detail);
    }
}
