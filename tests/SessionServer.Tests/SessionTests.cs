using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.SessionServer.Tests;

public sealed class SessionTests(SessionServerFactory server) : IClassFixture<SessionServerFactory>
{
    private async Task<CandidateClient> ConnectAsync(Interview interview, bool messagePack = false, string device = "laptop")
    {
        var client = new CandidateClient(server.Hub("/hubs/interview", server.CandidateToken(interview), device, messagePack));
        await client.Connection.StartAsync();
        return client;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_candidate_takes_the_whole_interview(bool messagePack)
    {
        var interview = await server.ScheduleAsync(questions: 3);
        await using var candidate = await ConnectAsync(interview, messagePack);

        var state = await candidate.JoinAsync();
        Assert.Equal(InterviewStatus.InProgress, state.Status);
        Assert.Equal("Ada Lovelace", state.CandidateName);
        Assert.Equal(3, state.QuestionCount);
        Assert.Equal(1, state.Current!.Ordinal);
        Assert.InRange(state.QuestionSecondsLeft!.Value, 100, 120);

        for (var ordinal = 1; ordinal <= 3; ordinal++)
        {
            var outcome = await candidate.SubmitAsync(ordinal, $"Answer {ordinal} about a lock");
            Assert.Equal(ordinal, outcome.Accepted.Ordinal);
            Assert.Equal(ordinal, (await candidate.Acks.Reader.ReadAsync()).Ordinal);
        }
        var completed = await candidate.Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InterviewStatus.Completed, completed.Status);

        await using var db = server.Database.CreateContext();
        Assert.Equal(["Answer 1 about a lock", "Answer 2 about a lock", "Answer 3 about a lock"],
            await db.InterviewAnswers.Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).Select(a => a.Text).ToListAsync());
        Assert.Equal(InterviewStatus.Completed, (await db.Interviews.SingleAsync(i => i.Id == interview.Id)).Status);
    }

    [Fact]
    public async Task Finishing_early_records_the_rest_as_unanswered_and_completes()
    {
        var interview = await server.ScheduleAsync(questions: 4);
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();
        await candidate.SubmitAsync(1, "only this one");

        var state = await candidate.Connection.InvokeAsync<SessionState>("Finish");

        Assert.Equal(InterviewStatus.Completed, state.Status);
        Assert.Equal([1], state.AnsweredOrdinals);
        await candidate.Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var db = server.Database.CreateContext();
        Assert.Equal([false, true, true, true],
            await db.InterviewAnswers.Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).Select(a => a.Unanswered).ToListAsync());
    }

    [Fact]
    public async Task A_retried_submit_stores_one_answer_and_another_id_for_an_answered_question_is_refused()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();

        var answerId = Guid.NewGuid();
        var first = await candidate.SubmitAsync(1, "first", answerId);
        var retry = await candidate.SubmitAsync(1, "first", answerId);

        Assert.Equal(first.Accepted, retry.Accepted);
        Assert.Equal(RefusalCodes.AlreadyAnswered, await Refusal.CodeAsync(() => candidate.SubmitAsync(1, "first again", Guid.NewGuid())));
        await using var db = server.Database.CreateContext();
        Assert.Equal("first", (await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id)).Text);
    }

    [Fact]
    public async Task Fifty_concurrent_submits_of_one_answer_store_one_row()
    {
        var interview = await server.ScheduleAsync();
        var engine = server.Services.GetRequiredService<SessionEngine>();
        const string connection = "test-connection";
        await engine.AttachAsync(interview.Id, connection, default);
        await engine.JoinAsync(interview.Id, connection, default);

        var answerId = Guid.NewGuid();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(async n =>
        {
            try
            {
                return (await engine.SubmitAsync(interview.Id, connection, n % 2 == 0 ? answerId : Guid.NewGuid(), 1, "same answer", null, null, default)).Accepted;
            }
            catch (SessionRefusedException refused) when (refused.Code == RefusalCodes.AlreadyAnswered)
            {
                return null;
            }
        }));

        // The first to arrive is stored; its id's retries get its ack, every other id is refused.
        var acks = outcomes.OfType<AnswerAccepted>().Distinct().ToList();
        Assert.Single(acks);
        Assert.Contains(outcomes.Count(o => o is not null), new[] { 1, 25 });
        await using var db = server.Database.CreateContext();
        Assert.Equal(acks[0].AnswerId, (await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id)).AnswerId);
    }

    [Fact]
    public async Task Wrong_ordinal_oversized_and_late_answers_are_refused_and_change_nothing()
    {
        var interview = await server.ScheduleAsync(questions: 2);
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();

        Assert.Equal(RefusalCodes.WrongOrdinal, await Refusal.CodeAsync(() => candidate.SubmitAsync(2, "skipping ahead")));
        Assert.Equal(RefusalCodes.AnswerTooLarge, await Refusal.CodeAsync(() => candidate.SubmitAsync(1, new string('x', LiveSession.MaxAnswerChars + 1))));
        await candidate.SubmitAsync(1, "one");
        await candidate.SubmitAsync(2, "two");
        Assert.Equal(RefusalCodes.InterviewCompleted, await Refusal.CodeAsync(() => candidate.SubmitAsync(3, "after the end")));

        await using var db = server.Database.CreateContext();
        Assert.Equal(["one", "two"], await db.InterviewAnswers.Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).Select(a => a.Text).ToListAsync());
    }

    [Fact]
    public async Task A_message_over_the_hub_limit_closes_only_that_connection()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => candidate.SubmitAsync(1, new string('x', 300 * 1024)));
        await using var again = await ConnectAsync(interview);
        Assert.Equal(1, (await again.JoinAsync()).Current!.Ordinal);
    }

    [Fact]
    public async Task Flooding_is_refused_and_the_session_survives()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();

        // 40 messages sent at once, of a kind the server refuses without touching the database, so they arrive faster
        // than the bucket refills (20, then 5 a second) however loaded the machine: each one answers in milliseconds.
        // (Events that are written pace themselves: one call at a time per connection, each waiting for its commit.)
        var codes = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Refusal.CodeAsync(() => candidate.Connection.InvokeAsync("ReportIntegrity", IntegrityEventKind.Connected, "forged"))));
        Assert.Contains(RefusalCodes.RateLimited, codes);
        Assert.Contains("invalid_event", codes);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(1, (await candidate.SubmitAsync(1, "still here")).Accepted.Ordinal);
    }

    [Fact]
    public async Task Refused_connections_say_why()
    {
        var cancelled = await server.ScheduleAsync();
        await using (var db = server.Database.CreateContext())
        {
            await db.Interviews.Where(i => i.Id == cancelled.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Cancelled));
        }
        var replaced = await server.ScheduleAsync();
        var oldToken = server.CandidateToken(replaced);
        await using (var db = server.Database.CreateContext())
        {
            await db.Interviews.Where(i => i.Id == replaced.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.TokenVersion, 2));
        }
        var past = await server.ScheduleAsync(slot: DateTimeOffset.UtcNow.AddDays(-2), durationMinutes: 30);
        var future = await server.ScheduleAsync(slot: DateTimeOffset.UtcNow.AddDays(2));
        var (_, staffToken) = await server.StaffTokenAsync(Shared.Auth.UserRole.SuperAdmin);

        // Without a signed candidate token nothing connects: 401 at negotiate.
        foreach (var token in new[] { staffToken, null, "forged.token.value" })
        {
            await using var client = new CandidateClient(server.Hub("/hubs/interview", token, "laptop"));
            var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.Connection.StartAsync());
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var cases = new (string? Token, string Code)[]
        {
            (server.CandidateToken(cancelled), RefusalCodes.InterviewCancelled),
            (oldToken, RefusalCodes.LinkReplaced),
            (server.CandidateToken(past), RefusalCodes.TokenExpired),
            (server.CandidateToken(future), RefusalCodes.TooEarly),
        };
        foreach (var (token, code) in cases)
        {
            await using var client = new CandidateClient(server.Hub("/hubs/interview", token, "laptop"));
            await client.Connection.StartAsync();
            var closed = await client.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains(code, closed?.Message ?? "(no error)");
        }
    }

    [Fact]
    public async Task A_second_device_is_offered_a_takeover_and_the_first_is_told()
    {
        var interview = await server.ScheduleAsync();
        await using var laptop = await ConnectAsync(interview, device: "laptop");
        await laptop.JoinAsync();
        await laptop.SubmitAsync(1, "from the laptop");

        await using var phone = await ConnectAsync(interview, device: "phone");
        await phone.TakeoverOffered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RefusalCodes.SessionTakenOver, await Refusal.CodeAsync(phone.JoinAsync));

        var state = await phone.Connection.InvokeAsync<SessionState>("ConfirmTakeover");
        Assert.Equal(2, state.Current!.Ordinal);
        await laptop.TakenOver.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RefusalCodes.SessionTakenOver, await Refusal.CodeAsync(() => laptop.SubmitAsync(2, "too late, laptop")));

        await using var db = server.Database.CreateContext();
        Assert.True(await db.IntegrityEvents.AnyAsync(e => e.InterviewId == interview.Id && e.Kind == IntegrityEventKind.Takeover));
    }

    [Fact]
    public async Task A_MessagePack_client_may_send_clientSentAt_as_the_JavaScript_client_encodes_a_Date()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview, messagePack: true);
        await candidate.JoinAsync();
        var sentAt = new DateTime(2026, 12, 1, 9, 30, 15, 250, DateTimeKind.Utc);

        // A DateTime travels as the MessagePack timestamp extension, as @microsoft/signalr-protocol-msgpack sends a Date.
        await candidate.Connection.InvokeAsync<SubmitOutcome>("SubmitAnswer", Guid.NewGuid(), 1, "from a browser", null, sentAt);

        await using var db = server.Database.CreateContext();
        Assert.Equal(new DateTimeOffset(sentAt), (await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id)).ClientSentAt);
    }

    [Fact]
    public async Task The_MessagePack_wire_carries_enums_as_names_and_times_as_timestamps_as_the_page_reads_them()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview, messagePack: true);
        var state = await candidate.JoinAsync();

        // What the hub writes for the page: no .NET enum numbers, no [time, offset] arrays.
        var bytes = MessagePackSerializer.Serialize(state, HubMessagePack.Options(new MessagePackHubProtocolOptions().SerializerOptions));
        var reader = new MessagePackReader(bytes);
        var fields = new Dictionary<string, object?>();
        for (var count = reader.ReadMapHeader(); count > 0; count--)
        {
            var key = reader.ReadString()!;
            fields[key] = reader.NextMessagePackType switch
            {
                MessagePackType.String => reader.ReadString(),
                MessagePackType.Extension => reader.ReadDateTime(),
                _ => Skip(ref reader),
            };
        }
        Assert.Equal("in_progress", fields["Status"]);
        Assert.Equal(state.ServerTime.UtcDateTime, fields["ServerTime"]);

        // What the page sends: an integrity kind by its name, as the JSON protocol takes it.
        await candidate.Connection.InvokeAsync("ReportIntegrity", "tab_hidden", "by name");
        await using var db = server.Database.CreateContext();
        Assert.True(await db.IntegrityEvents.AnyAsync(e => e.InterviewId == interview.Id && e.Kind == IntegrityEventKind.TabHidden));
        Assert.NotNull(await Record.ExceptionAsync(() => candidate.Connection.InvokeAsync("ReportIntegrity", "not_a_kind", null)));

        static object? Skip(ref MessagePackReader reader)
        {
            reader.Skip();
            return null;
        }
    }

    [Fact]
    public async Task Control_characters_in_an_answer_are_refused_and_the_question_stays_open()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();

        Assert.Equal(RefusalCodes.InvalidText, await Refusal.CodeAsync(() => candidate.SubmitAsync(1, "a\u0000b")));
        Assert.Equal(1, (await candidate.SubmitAsync(1, "tabs\tand\nnewlines are fine")).Accepted.Ordinal);
    }

    [Fact]
    public async Task The_node_reports_its_candidates_and_acks_on_metrics()
    {
        var interview = await server.ScheduleAsync();
        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();
        await candidate.SubmitAsync(1, "counted");

        var metrics = await server.CreateClient().GetStringAsync("/metrics");

        // Test hosts share one process, and meters are observed by name process-wide: only the acks' count is sure to be positive.
        Assert.Matches(@"(?m)^sessions_connected(\{[^}]*\})? -?\d", metrics);
        Assert.Matches(@"(?m)^sessions_acks_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Contains("sessions_ack_duration_milliseconds_bucket", metrics);
        Assert.Contains("dotnet_process_memory_working_set_bytes", metrics);
    }

    [Fact]
    public async Task Finishing_a_completed_interview_again_tells_watchers_nothing_new()
    {
        var interview = await server.ScheduleAsync(questions: 2);
        var (_, recruiterToken) = await server.StaffTokenAsync(Shared.Auth.UserRole.CompanyUser, interview.CompanyId);
        var events = System.Threading.Channels.Channel.CreateUnbounded<Monitoring.MonitorEvent>();
        await using var monitor = server.Hub("/hubs/monitor", recruiterToken);
        monitor.On<Monitoring.MonitorEvent>("SessionEvent", e => events.Writer.TryWrite(e));
        await monitor.StartAsync();
        await monitor.InvokeAsync<Monitoring.WatchSnapshot>("Watch", interview.Id);

        await using var candidate = await ConnectAsync(interview);
        await candidate.JoinAsync();
        await candidate.Connection.InvokeAsync<SessionState>("Finish");
        var again = await candidate.Connection.InvokeAsync<SessionState>("Finish");
        Assert.Equal(InterviewStatus.Completed, again.Status);
        await candidate.Connection.InvokeAsync("ReportIntegrity", IntegrityEventKind.FocusLost, "a marker after both calls");

        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!seen.Contains("integrity")) seen.Add((await events.Reader.ReadAsync(timeout.Token)).Kind);
        Assert.Single(seen, "completed");
    }
}
