using System.Text;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Node A (a real process) is killed while a spoken answer is streaming up to it; the page resends the recording to
/// node B under the same answer id, twice (the first ack "lost"): one answer, one recording, transcribed live.
/// </summary>
public sealed class SpokenFailoverTests : IAsyncLifetime
{
    private FakeDeepgramListen _deepgram = null!;
    private TestDatabase _database = null!;
    private HostProcess _nodeA = null!;
    private HostProcess _nodeB = null!;

    public async Task InitializeAsync()
    {
        _deepgram = await FakeDeepgramListen.StartAsync();
        _database = await TestDatabase.CreateAsync();
        var env = SessionNode.ProcessSettings(_database);
        env["DEEPGRAM_API_KEY"] = FakeDeepgramListen.ApiKey;
        env["DEEPGRAM_BASE_URL"] = _deepgram.BaseUrl;
        env["TTS_PROVIDER"] = "none";
        _nodeA = HostProcess.Start("SessionServer", env);
        _nodeB = HostProcess.Start("SessionServer", env);
        await Task.WhenAll(_nodeA.WaitUntilServingAsync(), _nodeB.WaitUntilServingAsync());
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
        await _deepgram.DisposeAsync();
    }

    [Fact]
    public async Task A_node_killed_mid_upload_loses_nothing_and_the_resent_recording_is_stored_once()
    {
        var interview = await _database.ScheduleInterviewAsync(DateTimeOffset.UtcNow, questions: 2);
        var token = new CandidateTokenIssuer(Options.Create(new AuthOptions { SecretKey = SessionNode.SecretKey })).Issue(interview);
        string[] slices = ["a mutex admits one holder", "a semaphore admits several"];
        var answerId = Guid.NewGuid();

        await using var onA = new CandidateClient(Connect(_nodeA, token));
        await onA.Connection.StartAsync();
        await onA.JoinAsync();
        var firstSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopSpeaking = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var upload = onA.SubmitSpokenAsync(1, StillSpeaking(Encoding.UTF8.GetBytes(slices[0]), firstSent, stopSpeaking.Token), answerId);
        await firstSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await onA.Captions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)); // node A is relaying it

        await _nodeA.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => upload.WaitAsync(TimeSpan.FromSeconds(30)));
        await stopSpeaking.CancelAsync();

        await using var onB = new CandidateClient(Connect(_nodeB, token));
        await onB.Connection.StartAsync();
        var resumed = await onB.JoinAsync();
        Assert.Equal(1, resumed.Current!.Ordinal); // nothing of the cut upload was stored

        var stored = await onB.SubmitSpokenAsync(1, SpokenAudioStream.Words(slices), answerId);
        var again = await onB.SubmitSpokenAsync(1, SpokenAudioStream.Words(slices), answerId);
        Assert.Equal(stored.Accepted, again.Accepted);
        Assert.Equal(2, again.State.Current!.Ordinal);

        await using var db = _database.CreateContext();
        var answer = await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id);
        Assert.Equal((answerId, "a mutex admits one holder a semaphore admits several"), (answer.AnswerId, answer.Text));
        var recording = await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.InterviewId == interview.Id);
        Assert.Equal((TranscriptStatus.Transcribed, string.Concat(slices)), (recording.TranscriptStatus, Encoding.UTF8.GetString(recording.Audio)));
    }

    /// <summary>The first slice, then a candidate who goes on speaking until the connection is gone.</summary>
    private static async IAsyncEnumerable<byte[]> StillSpeaking(byte[] first, TaskCompletionSource sent, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken stop)
    {
        yield return first;
        sent.TrySetResult();
        await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static HubConnection Connect(HostProcess node, string token) =>
        SessionNode.WithProtocol(new HubConnectionBuilder().WithUrl($"{node.Url}/hubs/interview?device=laptop", o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }), messagePack: true).Build();
}
