using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>The server's clock decides; the test moves it.</summary>
public sealed class TimeLimitTests(TimeLimitTests.Node server) : IClassFixture<TimeLimitTests.Node>
{
    public sealed class Node() : SessionNode(clock: Clock)
    {
        public static readonly FakeTimeProvider Clock = new(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Questions_that_run_out_while_disconnected_are_recorded_unanswered_and_the_session_moves_on()
    {
        var interview = await server.ScheduleAsync(questions: 3, timeLimitSeconds: 60);
        var token = server.CandidateToken(interview);
        await using (var first = new CandidateClient(server.Hub("/hubs/interview", token, "laptop")))
        {
            await first.Connection.StartAsync();
            await first.JoinAsync();
            await first.SubmitAsync(1, "in time");
        }

        Node.Clock.Advance(TimeSpan.FromSeconds(90)); // question 2's minute passes with nobody connected

        await using var back = new CandidateClient(server.Hub("/hubs/interview", token, "laptop"));
        await back.Connection.StartAsync();
        var state = await back.JoinAsync();
        Assert.Equal(3, state.Current!.Ordinal);
        Assert.InRange(state.QuestionSecondsLeft!.Value, 25, 35);
        Assert.Equal("time_limit_passed", await Refusal.CodeAsync(() => back.SubmitAsync(2, "too late")));

        await using var db = server.Database.CreateContext();
        var second = await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 2);
        Assert.True(second.Unanswered);
        Assert.Null(second.Text);
    }

    [Fact]
    public async Task The_interview_completes_when_its_own_time_is_up()
    {
        var interview = await server.ScheduleAsync(questions: 5, timeLimitSeconds: 600, durationMinutes: 10);
        await using var candidate = new CandidateClient(server.Hub("/hubs/interview", server.CandidateToken(interview), "laptop"));
        await candidate.Connection.StartAsync();
        await candidate.JoinAsync();

        Node.Clock.Advance(TimeSpan.FromMinutes(11));
        var state = await candidate.JoinAsync();
        Assert.Equal(InterviewStatus.Completed, state.Status);
        Assert.Null(state.Current);
        Assert.Equal("interview_completed", await Refusal.CodeAsync(() => candidate.SubmitAsync(2, "after the end")));
    }

    [Fact]
    public async Task The_server_moves_a_connected_candidate_on_when_a_question_times_out()
    {
        var interview = await server.ScheduleAsync(questions: 2, timeLimitSeconds: 60);
        await using var candidate = new CandidateClient(server.Hub("/hubs/interview", server.CandidateToken(interview), "laptop"));
        await candidate.Connection.StartAsync();
        await candidate.JoinAsync();

        // Nobody calls anything: the node's timer notices the minute (and the grace) has passed.
        Node.Clock.Advance(TimeSpan.FromSeconds(60) + LiveSessionGrace + TimeSpan.FromSeconds(1));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var next = await candidate.NextQuestions.Reader.ReadAsync(wait.Token);

        Assert.Equal(2, next.Current!.Ordinal);
        await using var db = server.Database.CreateContext();
        var first = await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1);
        Assert.True(first.Unanswered);
        Assert.Equal(2, (await candidate.SubmitAsync(2, "in time for the second")).Accepted.Ordinal);
    }

    [Fact]
    public async Task A_draft_survives_a_reload_and_becomes_the_answer_when_time_runs_out()
    {
        var interview = await server.ScheduleAsync(questions: 2, timeLimitSeconds: 60);
        var token = server.CandidateToken(interview);
        await using (var before = new CandidateClient(server.Hub("/hubs/interview", token, "laptop")))
        {
            await before.Connection.StartAsync();
            await before.JoinAsync();
            await before.Connection.InvokeAsync<DraftAnswer>("SaveDraft", 1, "A mutex guards", null);
            await before.Connection.InvokeAsync<DraftAnswer>("SaveDraft", 1, "A mutex guards a critical section", null);
        }

        // The page is reloaded: the draft comes back with the question.
        await using var after = new CandidateClient(server.Hub("/hubs/interview", token, "laptop"));
        await after.Connection.StartAsync();
        var state = await after.JoinAsync();
        Assert.Equal("A mutex guards a critical section", state.Current!.Draft?.Text);

        Node.Clock.Advance(TimeSpan.FromSeconds(60) + LiveSessionGrace + TimeSpan.FromSeconds(1));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var next = await after.NextQuestions.Reader.ReadAsync(wait.Token);

        Assert.Equal(2, next.Current!.Ordinal);
        Assert.Equal([1], next.AnsweredOrdinals);
        Assert.Equal("time_limit_passed", await Refusal.CodeAsync(() => after.SubmitAsync(1, "too late")));
        await using var db = server.Database.CreateContext();
        var stored = await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1);
        Assert.Equal(("A mutex guards a critical section", true, false), (stored.Text, stored.TimedOut, stored.Unanswered));
    }

    private static TimeSpan LiveSessionGrace => Shared.Sessions.LiveSession.SubmitGrace;
}
