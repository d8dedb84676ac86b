using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Two nodes on one database that cannot see each other's leases (no Redis between them): only the
/// database's fencing token stands between a node that lost the session and the answers.
/// </summary>
public sealed class FencingTests() : TwoNodes(null)
{
    [Fact]
    public async Task A_node_that_lost_the_session_cannot_store_an_answer()
    {
        var interview = await NodeA.ScheduleAsync(questions: 3);
        var token = NodeA.CandidateToken(interview);
        await using var onA = new CandidateClient(NodeA.Hub("/hubs/interview", token, "laptop"));
        await onA.Connection.StartAsync();
        await onA.JoinAsync();
        await onA.SubmitAsync(1, "stored by A");

        // The candidate turns up on node B (A has not noticed anything): B takes the session over.
        await using var onB = new CandidateClient(NodeB.Hub("/hubs/interview", token, "laptop"));
        await onB.Connection.StartAsync();
        Assert.Equal(2, (await onB.JoinAsync()).Current!.Ordinal);

        Assert.Equal(RefusalCodes.SessionTakenOver, await Refusal.CodeAsync(() => onA.SubmitAsync(2, "from the node that lost it")));
        await onB.SubmitAsync(2, "stored by B");
        Assert.Equal(RefusalCodes.SessionTakenOver, await Refusal.CodeAsync(() => onA.SubmitAsync(3, "A again")));

        await using var db = Database.CreateContext();
        Assert.Equal(["stored by A", "stored by B"],
            await db.InterviewAnswers.Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).Select(a => a.Text).ToListAsync());
    }

    [Fact]
    public async Task A_retried_answer_id_after_a_move_to_another_node_is_stored_once_and_acknowledged_the_same()
    {
        var interview = await NodeA.ScheduleAsync(questions: 2);
        var token = NodeA.CandidateToken(interview);
        var answerId = Guid.NewGuid();
        await using var onA = new CandidateClient(NodeA.Hub("/hubs/interview", token, "laptop"));
        await onA.Connection.StartAsync();
        await onA.JoinAsync();
        var first = await onA.SubmitAsync(1, "the answer", answerId);
        await onA.Connection.StopAsync();

        // The ack was lost on the way: the client replays the same answer on node B.
        await using var onB = new CandidateClient(NodeB.Hub("/hubs/interview", token, "laptop"));
        await onB.Connection.StartAsync();
        await onB.JoinAsync();
        var replay = await onB.SubmitAsync(1, "the answer", answerId);

        Assert.Equal(first.Accepted, replay.Accepted);
        Assert.Equal(2, replay.State.Current!.Ordinal);
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.InterviewAnswers.CountAsync(a => a.InterviewId == interview.Id));
    }
}
