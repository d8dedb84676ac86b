using System.Threading.Channels;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>A candidate connection that records what the server pushed, as a browser would.</summary>
public sealed class CandidateClient : IAsyncDisposable
{
    public HubConnection Connection { get; }
    public Channel<AnswerAccepted> Acks { get; } = Channel.CreateUnbounded<AnswerAccepted>();
    public Channel<SessionState> NextQuestions { get; } = Channel.CreateUnbounded<SessionState>();
    public TaskCompletionSource<bool> TakeoverOffered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<string> TakenOver { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<SessionState> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Channel<(int Ordinal, string Text, bool IsFinal)> Captions { get; } = Channel.CreateUnbounded<(int, string, bool)>();

    public CandidateClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<AnswerAccepted>("AnswerAccepted", a => Acks.Writer.TryWrite(a));
        connection.On<object>("TakeoverOffered", _ => TakeoverOffered.TrySetResult(true));
        connection.On<string>("SessionTakenOver", m => TakenOver.TrySetResult(m));
        connection.On<SessionState>("Completed", s => Completed.TrySetResult(s));
        connection.On<SessionState>("NextQuestion", s => NextQuestions.Writer.TryWrite(s));
        connection.On<int, string, bool>("LiveTranscript", (ordinal, text, isFinal) => Captions.Writer.TryWrite((ordinal, text, isFinal)));
        connection.Closed += e =>
        {
            Closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public Task<SessionState> JoinAsync() => Connection.InvokeAsync<SessionState>("Join");

    public Task<SubmitOutcome> SubmitAsync(int ordinal, string text, Guid? answerId = null) =>
        Connection.InvokeAsync<SubmitOutcome>("SubmitAnswer", answerId ?? Guid.NewGuid(), ordinal, text, null, DateTimeOffset.UtcNow);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

public static class Refusal
{
    /// <summary>The stable code at the start of a refusal's message ("wrong_ordinal: ...").</summary>
    public static async Task<string> CodeAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, @"(?:HubException: |^)([a-z_]+):");
        return match.Success ? match.Groups[1].Value : error.Message;
    }
}
