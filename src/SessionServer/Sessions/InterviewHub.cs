using System.Diagnostics;
using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>What the server calls on a candidate's browser.</summary>
public interface IInterviewClient
{
    /// <summary>Another device holds this interview: call ConfirmTakeover to move the session here.</summary>
    Task TakeoverOffered(TakeoverOffer offer);

    /// <summary>This connection lost the session to another device; the client should stop.</summary>
    Task SessionTakenOver(string message);

    /// <summary>The answer is committed; the call's result then carries the next question.</summary>
    Task AnswerAccepted(AnswerAccepted accepted);

    /// <summary>The server moved the session on by itself (a question's time ran out).</summary>
    Task NextQuestion(SessionState state);

    /// <summary>The interview ended: the last answer, Finish, or its time.</summary>
    Task Completed(SessionState state);

    /// <summary>
    /// A caption while a spoken answer streams up: the segment being spoken (<paramref name="isFinal"/> false, replaced by
    /// later events), or a segment that will not change (true; the next event starts a new segment).
    /// </summary>
    Task LiveTranscript(int ordinal, string text, bool isFinal);
}

public sealed record TakeoverOffer(string Message, DateTimeOffset ServerTime);

/// <summary>
/// The candidate's live interview. Thin: the rules and the storage are <see cref="SessionEngine"/>'s; this
/// class checks who is calling (candidate token, lease), rate-limits, answers, and then tells watchers.
/// Refusals are HubExceptions whose message starts with a stable code ("wrong_ordinal: ...").
/// The candidate token was already checked for signature and audience when the connection was negotiated.
/// </summary>
[AllowAnonymous]
public sealed partial class InterviewHub(
    SessionEngine engine, CandidateAccess access, ISessionLease lease, LocalSessions local, SessionEvents events, SessionMetrics metrics,
    ITextToSpeech speaker, SpokenAnswerReceiver spoken, PlatformDbContext db)
    : Hub<IInterviewClient>
{
    public const string Path = "/hubs/interview";
    private const string CandidateKey = "candidate";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext()!;
        var interviewId = await Guard(() => access.ValidateAsync(CandidateAccess.TokenOf(http.Request), db, Context.ConnectionAborted));
        var device = http.Request.Query["device"].ToString() is { Length: > 0 and <= 64 } d ? d : Context.ConnectionId;
        var candidate = new CandidateConnection(interviewId, new LeaseHolder(Context.ConnectionId, device), http.Connection.RemoteIpAddress?.ToString());
        Context.Items[CandidateKey] = candidate;
        metrics.Connected();

        if (await lease.TryAcquireAsync(interviewId, candidate.Holder) is not null)
        {
            await Clients.Caller.TakeoverOffered(new TakeoverOffer("This interview is open on another device. Continue here instead?", DateTimeOffset.UtcNow));
            return;
        }
        await AttachAsync(candidate, IntegrityEventKind.Connected);
    }

    /// <summary>
    /// The interview as it stands, without starting its clock (Join starts it): the page's welcome, setup and waiting
    /// screens use this, so opening the link is not starting the interview.
    /// </summary>
    public async Task<SessionPreview> Peek()
    {
        var candidate = Owner();
        var state = await Guard(() => engine.PeekAsync(candidate.InterviewId, Context.ConnectionId, Context.ConnectionAborted));
        return await SessionPreview.ReadAsync(db, state, speaker.Format, Context.ConnectionAborted);
    }

    /// <summary>The candidate's answer to the recording and AI-evaluation notice, kept in the timeline (declining ends the visit, not the interview).</summary>
    public async Task RecordConsent(bool given, string language)
    {
        var candidate = Owner();
        Throttle(candidate);
        if (language is not { Length: >= 2 and <= 8 } || !language.All(char.IsAsciiLetter)) throw Refuse(RefusalCodes.InvalidText, "Unknown language");
        var kind = given ? IntegrityEventKind.ConsentGiven : IntegrityEventKind.ConsentDeclined;
        await Guard(async () =>
        {
            await engine.RecordAsync(candidate.InterviewId, kind, language, candidate.IpAddress, Context.ConnectionId);
            return true;
        });
        events.Publish(candidate.InterviewId, given ? "consent_given" : "consent_declined", null);
    }

    public async Task<SessionState> Join()
    {
        var candidate = Owner();
        var state = await Guard(() => engine.JoinAsync(candidate.InterviewId, Context.ConnectionId, Context.ConnectionAborted));
        events.Publish(candidate.InterviewId, "joined", state);
        if (state.Current is { } current) events.Publish(candidate.InterviewId, "question_shown", state, $"question {current.Ordinal}");
        return state;
    }

    public async Task<SubmitOutcome> SubmitAnswer(Guid answerId, int ordinal, string? text, string? code, DateTimeOffset? clientSentAt)
    {
        var candidate = Owner();
        Throttle(candidate);
        var received = Stopwatch.GetTimestamp();
        var outcome = await Guard(() => engine.SubmitAsync(candidate.InterviewId, Context.ConnectionId, answerId, ordinal, text, code, clientSentAt,
            Context.ConnectionAborted));
        return await AcknowledgeAsync(candidate, outcome, received);
    }

    /// <summary>
    /// An answer spoken: the recording streams up while the candidate speaks (WebM/Ogg Opus, MP4 or WAV), with live captions
    /// back (<see cref="IInterviewClient.LiveTranscript"/>). Acknowledged, like <see cref="SubmitAnswer"/>, only once the answer
    /// and its recording are committed together; a retry with the same <paramref name="answerId"/> gets the same ack.
    /// </summary>
    public async Task<SubmitOutcome> SubmitSpokenAnswer(Guid answerId, int ordinal, string mimeType, IAsyncEnumerable<byte[]> audio)
    {
        var candidate = Owner();
        Throttle(candidate);
        var received = Stopwatch.GetTimestamp();
        var contentType = SpokenAudio.Normalize(mimeType)
            ?? throw Refuse(RefusalCodes.UnsupportedAudio, $"Recordings must be one of {string.Join(", ", SpokenAudio.Accepted)}");
        var (earlier, language) = await Guard(() => engine.CheckSpokenAsync(candidate.InterviewId, Context.ConnectionId, answerId, ordinal, Context.ConnectionAborted));
        if (earlier is not null) return await AcknowledgeAsync(candidate, earlier, received);
        var recording = await Guard(() => spoken.ReceiveAsync(candidate.InterviewId, Context.ConnectionId, ordinal, contentType, language,
            audio, Context.ConnectionAborted));
        var outcome = await Guard(() => engine.SubmitSpokenAsync(candidate.InterviewId, Context.ConnectionId, answerId, ordinal, recording,
            Context.ConnectionAborted));
        return await AcknowledgeAsync(candidate, outcome, received);
    }

    private async Task<SubmitOutcome> AcknowledgeAsync(CandidateConnection candidate, SubmitOutcome outcome, long received)
    {
        metrics.Acknowledged(Stopwatch.GetElapsedTime(received));
        await Clients.Caller.AnswerAccepted(outcome.Accepted);
        // The result carries the next question; only the end is announced as well (pages wait for it).
        if (outcome.State.Current is null) await Clients.Caller.Completed(outcome.State);
        events.Publish(candidate.InterviewId, "answered", outcome.State, $"answered {outcome.State.AnsweredOrdinals.Count} of {outcome.State.QuestionCount}");
        PublishNext(candidate.InterviewId, outcome.State);
        return outcome;
    }

    /// <summary>What the candidate has typed so far (the page sends it debounced): kept for a reload or another device, and stored as the answer if time runs out.</summary>
    public async Task<DraftAnswer> SaveDraft(int ordinal, string? text, string? code)
    {
        var candidate = Owner();
        Throttle(candidate);
        return await Guard(() => engine.SaveDraftAsync(candidate.InterviewId, Context.ConnectionId, ordinal, text, code, Context.ConnectionAborted));
    }

    public async Task<SessionState> Finish()
    {
        var candidate = Owner();
        var outcome = await Guard(() => engine.FinishAsync(candidate.InterviewId, Context.ConnectionId, Context.ConnectionAborted));
        if (outcome.CompletedNow)
        {
            await AnnounceAsync(candidate.InterviewId, outcome.State);
            PublishNext(candidate.InterviewId, outcome.State);
        }
        return outcome.State;
    }

    /// <summary>The browser reports focus lost/regained, tab hidden/visible, paste and copy (size), drop, full-screen exit.</summary>
    public async Task ReportIntegrity(IntegrityEventKind kind, string? detail)
    {
        var candidate = Owner();
        Throttle(candidate);
        if (kind is IntegrityEventKind.Connected or IntegrityEventKind.Disconnected or IntegrityEventKind.Takeover
            or IntegrityEventKind.ConsentGiven or IntegrityEventKind.ConsentDeclined)
            throw Refuse("invalid_event", "The server records connections and consent itself");
        if (!LiveSession.IsAcceptableText(detail)) throw Refuse(RefusalCodes.InvalidText, "The detail may not contain control characters");
        await Guard(async () =>
        {
            await engine.RecordAsync(candidate.InterviewId, kind, detail, candidate.IpAddress, Context.ConnectionId);
            return true;
        });
        events.Publish(candidate.InterviewId, "integrity", null, $"{kind}: {detail}");
    }

    public async Task<SessionState> ConfirmTakeover()
    {
        await TakeOverAsync();
        return await Join();
    }

    /// <summary>Moves the session to this device like <see cref="ConfirmTakeover"/>, but leaves an interview not yet started unstarted.</summary>
    public async Task<SessionPreview> ConfirmTakeoverAndPeek()
    {
        await TakeOverAsync();
        return await Peek();
    }

    private async Task TakeOverAsync()
    {
        var candidate = (CandidateConnection)Context.Items[CandidateKey]!;
        var previous = await lease.TakeOverAsync(candidate.InterviewId, candidate.Holder);
        if (previous is not null && previous.ConnectionId != candidate.Holder.ConnectionId)
        {
            await Clients.Client(previous.ConnectionId).SessionTakenOver("This interview continued on another device");
        }
        metrics.TookOver();
        await AttachAsync(candidate, IntegrityEventKind.Takeover);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // Only what was captured at connect: the HttpContext may already be gone here.
        if (Context.Items.TryGetValue(CandidateKey, out var item) && item is CandidateConnection candidate)
        {
            metrics.Disconnected();
            local.Remove(Context.ConnectionId);
            engine.Detach(candidate.InterviewId, Context.ConnectionId);
            if (!candidate.Attached) return;
            engine.RecordInBackground(candidate.InterviewId, IntegrityEventKind.Disconnected, exception?.GetType().Name, candidate.IpAddress,
                Context.ConnectionId);
            try
            {
                await lease.ReleaseAsync(candidate.InterviewId, candidate.Holder);
            }
            catch (StackExchange.Redis.RedisException)
            {
                // Redis is away: the lease lapses on its own.
            }
            events.Publish(candidate.InterviewId, "disconnected", null);
        }
    }

    private async Task AttachAsync(CandidateConnection candidate, IntegrityEventKind kind)
    {
        var state = await Guard(() => engine.AttachAsync(candidate.InterviewId, Context.ConnectionId, Context.ConnectionAborted));
        candidate.Attached = true;
        local.Add(candidate.InterviewId, candidate.Holder);
        var resumed = state.Status != Shared.Interviews.InterviewStatus.Scheduled;
        if (kind == IntegrityEventKind.Connected && resumed) metrics.Reconnected();
        engine.RecordInBackground(candidate.InterviewId, kind, null, candidate.IpAddress, Context.ConnectionId);
        events.Publish(candidate.InterviewId, kind == IntegrityEventKind.Takeover ? "takeover" : resumed ? "reconnected" : "connected", null);
    }

    private async Task AnnounceAsync(Guid interviewId, SessionState state)
    {
        if (state.Current is null) await Clients.Caller.Completed(state);
        else await Clients.Caller.NextQuestion(state);
    }

    private void PublishNext(Guid interviewId, SessionState state)
    {
        if (state.Current is null) events.Publish(interviewId, "completed", state);
        else events.Publish(interviewId, "question_shown", state, $"question {state.Current.Ordinal}");
    }

    /// <summary>This connection's interview, if it holds the session (the engine checks it is still the holder).</summary>
    private CandidateConnection Owner()
    {
        var candidate = (CandidateConnection)Context.Items[CandidateKey]!;
        return candidate.Attached ? candidate : throw Refuse(RefusalCodes.SessionTakenOver, "This interview is open on another device");
    }

    private void Throttle(CandidateConnection candidate)
    {
        if (!candidate.Limiter.TryTake()) throw Refuse(RefusalCodes.RateLimited, "Too many messages; slow down");
    }

    private HubException Refuse(string code, string message)
    {
        metrics.Refused(code);
        return new HubException($"{code}: {message}");
    }

    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SessionRefusedException refused)
        {
            throw Refuse(refused.Code, refused.Message);
        }
    }
}
