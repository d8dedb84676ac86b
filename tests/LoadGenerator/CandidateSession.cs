using System.Collections.Concurrent;
using System.Diagnostics;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace InterviewPlatform.LoadGenerator;

/// <summary>What the candidates of one run measured and met, shared by all of them.</summary>
public sealed class RunCounters
{
    /// <summary>Connect plus Join, from the first attempt to the state in hand.</summary>
    public Latencies Joins { get; } = new();

    /// <summary>SubmitAnswer to its result, from the first attempt (busy retries and reconnects included).</summary>
    public Latencies Acks { get; } = new();

    public ConcurrentQueue<Guid> AckedAnswerIds { get; } = new();

    /// <summary>Failures, by call and kind.</summary>
    public Tally Errors { get; } = new();

    /// <summary>Expected refusals the client retried (server_busy, rate_limited) and reconnects.</summary>
    public Tally Retries { get; } = new();
}

/// <summary>
/// One candidate's browser: joins, answers each question the server shows, and survives a node going
/// away by reconnecting to the next node and resuming from the state Join returns, resending the answer
/// it was waiting for under the same answer id (the server stores a retried id once).
/// </summary>
public sealed class CandidateSession(Candidate candidate, IReadOnlyList<Uri> nodes, RunCounters counters, SourceAddresses? sources = null)
    : IAsyncDisposable
{
    private const int MaxJoinAttempts = 10;
    private const int MaxRefusals = 3;
    private static readonly string[] _retriedCodes = ["server_busy", "rate_limited"];

    private int _node = candidate.Index % nodes.Count;
    private HubConnection? _hub;
    private SessionState? _state;

    /// <summary>Called with the ordinal and a <see cref="Stopwatch"/> timestamp when the server's AnswerAccepted arrives.</summary>
    public Action<int, long>? OnAnswerAccepted { get; init; }

    /// <summary>Raised when an established connection closes without being asked to.</summary>
    public event Action? Dropped;

    public bool Completed => _state?.Current is null && _state?.Status is InterviewStatus.Completed or InterviewStatus.Evaluated;

    /// <summary>Connects and joins, moving to the next node after a failure; false after <see cref="MaxJoinAttempts"/>.</summary>
    public async Task<bool> JoinAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; attempt <= MaxJoinAttempts; attempt++)
        {
            var hub = Hubs.Candidate(nodes[_node], candidate, sources);
            hub.On<AnswerAccepted>("AnswerAccepted", a => OnAnswerAccepted?.Invoke(a.Ordinal, Stopwatch.GetTimestamp()));
            var call = "connect";
            try
            {
                await hub.StartAsync(ct);
                call = "Join";
                _state = await JoinOrTakeOverAsync(hub, ct);
                hub.Closed += error =>
                {
                    if (error is not null) Dropped?.Invoke();
                    return Task.CompletedTask;
                };
                _hub = hub;
                counters.Joins.AddSince(started);
                return true;
            }
            catch (HubException e) when (IsRetried(e, out var code))
            {
                counters.Retries.Add($"{call}: {code}");
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                counters.Errors.Add(call, e);
                _node = (_node + 1) % nodes.Count;
            }
            catch
            {
                await hub.DisposeAsync();
                throw;
            }
            await hub.DisposeAsync();
            await Task.Delay(Backoff(attempt), ct);
        }
        return false;
    }

    /// <summary>Answers every question the server shows, pausing <paramref name="think"/> before each; true once completed.</summary>
    public async Task<bool> AnswerAllAsync((int Min, int Max) think, CancellationToken ct)
    {
        (Guid Id, int Ordinal, long Started)? pending = null;
        var refusals = 0;
        while (true)
        {
            if (pending is null)
            {
                if (_state?.Current is not { } question) return Completed;
                await Task.Delay(Random.Shared.Next(think.Min, think.Max + 1), ct); // reading the question
                pending = (Guid.NewGuid(), question.Ordinal, Stopwatch.GetTimestamp());
            }
            var (id, ordinal, started) = pending.Value;
            try
            {
                var outcome = await _hub!.InvokeAsync<SubmitOutcome>("SubmitAnswer", id, ordinal, $"answer {ordinal}", null, DateTimeOffset.UtcNow, ct);
                counters.Acks.AddSince(started);
                counters.AckedAnswerIds.Enqueue(id);
                _state = outcome.State;
                pending = null;
            }
            catch (HubException e) when (IsRetried(e, out var code))
            {
                counters.Retries.Add($"SubmitAnswer: {code}");
                await Task.Delay(Random.Shared.Next(50, 250), ct);
            }
            catch (HubException e)
            {
                // A refusal that a retry will not cure (wrong_ordinal, time_limit_passed...): resynchronise from Join.
                counters.Errors.Add("SubmitAnswer", e);
                pending = null;
                if (++refusals > MaxRefusals || !await RejoinAsync(ct)) return false;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The connection broke (a node went away): resume on the next node, then resend the same id.
                counters.Errors.Add("SubmitAnswer", e);
                counters.Retries.Add("reconnect");
                await DisposeAsync();
                _node = (_node + 1) % nodes.Count;
                if (!await JoinAsync(ct)) return false;
            }
        }
    }

    private async Task<bool> RejoinAsync(CancellationToken ct)
    {
        try
        {
            _state = await JoinOrTakeOverAsync(_hub!, ct);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            counters.Errors.Add("Join", e);
            return false;
        }
    }

    /// <summary>Join; if another device holds the session (it should not: the device name is stable), take it over.</summary>
    private async Task<SessionState> JoinOrTakeOverAsync(HubConnection hub, CancellationToken ct)
    {
        try
        {
            return await hub.InvokeAsync<SessionState>("Join", ct);
        }
        catch (HubException e) when (Tally.RefusalCode(e) == RefusalCodes.SessionTakenOver)
        {
            counters.Retries.Add("Join: takeover");
            return await hub.InvokeAsync<SessionState>("ConfirmTakeover", ct);
        }
    }

    private static bool IsRetried(HubException e, out string code)
    {
        code = Tally.RefusalCode(e) ?? "";
        return _retriedCodes.Contains(code);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt) + Random.Shared.Next(100));

    public async ValueTask DisposeAsync()
    {
        if (_hub is { } hub)
        {
            _hub = null;
            await hub.DisposeAsync();
        }
    }
}
