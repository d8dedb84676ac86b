using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Two real SessionServer processes on their own ports, one database and the real Redis. Node A is
/// killed outright (SIGKILL, its lease left in Redis), as a crashed server would die.
/// </summary>
public sealed class ProcessFailoverTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private HostProcess _nodeA = null!;
    private HostProcess _nodeB = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var env = SessionNode.ProcessSettings(_database);
        _nodeA = HostProcess.Start("SessionServer", env);
        _nodeB = HostProcess.Start("SessionServer", env);
        await Task.WhenAll(_nodeA.WaitUntilServingAsync(), _nodeB.WaitUntilServingAsync());
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Node_A_is_killed_after_three_answers_and_node_B_resumes_at_question_four(bool messagePack)
    {
        var interview = await _database.ScheduleInterviewAsync(DateTimeOffset.UtcNow, questions: 6);
        var token = new CandidateTokenIssuer(Options.Create(new AuthOptions { SecretKey = SessionNode.SecretKey })).Issue(interview);

        await using var onA = new CandidateClient(Connect(_nodeA, token, messagePack));
        await onA.Connection.StartAsync();
        var first = await onA.JoinAsync();
        Assert.Equal(InterviewStatus.InProgress, first.Status);
        Assert.Equal(1, first.Current!.Ordinal);
        var answerIds = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid()).ToArray();
        for (var ordinal = 1; ordinal <= 3; ordinal++)
        {
            var outcome = await onA.SubmitAsync(ordinal, $"answer {ordinal}", answerIds[ordinal]);
            Assert.Equal(ordinal, outcome.Accepted.Ordinal);
        }

        await _nodeA.DisposeAsync();
        await onA.Closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The browser comes back through the load balancer, which now sends it to node B.
        await using var onB = new CandidateClient(Connect(_nodeB, token, messagePack));
        await onB.Connection.StartAsync();
        var resumed = await onB.JoinAsync();
        Assert.Equal(InterviewStatus.InProgress, resumed.Status);
        Assert.Equal(4, resumed.Current!.Ordinal);
        Assert.Equal([1, 2, 3], resumed.AnsweredOrdinals);

        // It replays the last answer it sent to node A (it cannot know whether that ack was lost),
        // then carries on to the end.
        var replayed = await onB.SubmitAsync(3, "answer 3", answerIds[3]);
        Assert.Equal(3, replayed.Accepted.Ordinal);
        for (var ordinal = 4; ordinal <= 6; ordinal++) await onB.SubmitAsync(ordinal, $"answer {ordinal}", answerIds[ordinal]);
        await onB.Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var db = _database.CreateContext();
        var answers = await db.InterviewAnswers.Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).ToListAsync();
        Assert.Equal([1, 2, 3, 4, 5, 6], answers.Select(a => a.Ordinal));
        Assert.Equal(answerIds[1..], answers.Select(a => a.AnswerId));
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"answer {n}"), answers.Select(a => a.Text));
        Assert.Equal(InterviewStatus.Completed, (await db.Interviews.SingleAsync(i => i.Id == interview.Id)).Status);
    }

    private static HubConnection Connect(HostProcess node, string token, bool messagePack)
    {
        var builder = new HubConnectionBuilder().WithUrl($"{node.Url}/hubs/interview?device=laptop", o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        });
        return SessionNode.WithProtocol(builder, messagePack).Build();
    }
}
