using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>Tells the candidate and the watchers when the server moved a session on by itself (a question's time ran out).</summary>
public sealed class SessionNotifier(IHubContext<InterviewHub, IInterviewClient> hub, SessionEvents events, ILogger<SessionNotifier> log) : ISessionNotifier
{
    public void Advanced(Guid interviewId, string? connectionId, SessionState state, int questionsTimedOut)
    {
        events.Publish(interviewId, "timed_out", state, $"{questionsTimedOut} question(s) ran out of time");
        if (state.Current is null) events.Publish(interviewId, "completed", state);
        else events.Publish(interviewId, "question_shown", state, $"question {state.Current.Ordinal}");
        if (connectionId is not null) _ = TellCandidateAsync(connectionId, state);
    }

    private async Task TellCandidateAsync(string connectionId, SessionState state)
    {
        try
        {
            var client = hub.Clients.Client(connectionId);
            await (state.Current is null ? client.Completed(state) : client.NextQuestion(state));
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not tell connection {ConnectionId} that its question timed out", connectionId);
        }
    }
}
