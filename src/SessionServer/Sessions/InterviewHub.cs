using System.Threading.RateLimiting;
using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>What the server calls on a candidate's browser.</summary>
public interface IInterviewClient
{
    /// <summary>Another device holds this interview: call ConfirmTakeover to move the session here.</summary>
    Task TakeoverOffered(TakeoverOffer offer);

    /// <summary>This connection lost the session to another device; the client should stop.</summary>
    Task SessionTakenOver(string message);

    Task AnswerAccepted(AnswerAccepted accepted);

    Task NextQuestion(SessionState state);

    Task Completed(SessionState state);
}

public sealed record TakeoverOffer(string Message, DateTimeOffset ServerTime);

/// <summary>
/// The candidate's live interview. Thin: the rules are in <see cref="InterviewSessionService"/>; this
/// class checks who is calling (candidate token, the lease), rate-limits, and tells watchers.
/// Refusals are HubExceptions whose message starts with a stable code ("wrong_ordinal: ...").
/// </summary>
[AllowAnonymous]
public sealed class InterviewHub(
    InterviewSessionService sessions, CandidateAccess access, ISessionLease lease, LocalSessions local, SessionEvents events, PlatformDbContext db)
    : Hub<IInterviewClient>
{
    public const string Path = "/hubs/interview";
    private const string InterviewKey = "interview";
    private const string HolderKey = "holder";
    private const string LimiterKey = "limiter";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext()!;
        var token = http.Request.Query["access_token"].ToString() is { Length: > 0 } q ? q
            : http.Request.Headers.Authorization.ToString() is { Length: > 7 } h && h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..] : null;
        var interviewId = await Guard(() => access.ValidateAsync(token, db, Context.ConnectionAborted));
        var holder = new LeaseHolder(Context.ConnectionId, http.Request.Query["device"].ToString() is { Length: > 0 and <= 64 } d ? d : Context.ConnectionId);
        Context.Items[InterviewKey] = interviewId;
        Context.Items[HolderKey] = holder;
        Context.Items[LimiterKey] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 20,
            TokensPerPeriod = 5,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

        if (await lease.TryAcquireAsync(interviewId, holder) is not null)
        {
            await Clients.Caller.TakeoverOffered(new TakeoverOffer("This interview is open on another device. Continue here instead?", DateTimeOffset.UtcNow));
            return;
        }
        var resumed = await db.Interviews.IgnoreQueryFilters().AnyAsync(i => i.Id == interviewId && i.StartedAt != null, Context.ConnectionAborted);
        await AttachAsync(interviewId, holder, IntegrityEventKind.Connected, resumed ? "reconnected" : "connected");
    }

    public async Task<SessionState> Join()
    {
        var interviewId = await OwnedInterviewAsync();
        var state = await Guard(() => sessions.JoinAsync(interviewId, Context.ConnectionAborted));
        await events.PublishAsync(interviewId, "joined", state);
        if (state.Current is { } current) await events.PublishAsync(interviewId, "question_shown", state, $"question {current.Ordinal}");
        return state;
    }

    public async Task<SubmitOutcome> SubmitAnswer(Guid answerId, int ordinal, string? text, string? code, DateTimeOffset? clientSentAt)
    {
        var interviewId = await OwnedInterviewAsync();
        Throttle();
        var outcome = await Guard(() => sessions.SubmitAsync(interviewId, answerId, ordinal, text, code, clientSentAt, Context.ConnectionAborted));
        await Clients.Caller.AnswerAccepted(outcome.Accepted);
        await events.PublishAsync(interviewId, "answered", outcome.State, $"answered {outcome.State.AnsweredOrdinals.Count} of {outcome.State.QuestionCount}");
        await AnnounceAsync(interviewId, outcome.State);
        return outcome;
    }

    public async Task<SessionState> Finish()
    {
        var interviewId = await OwnedInterviewAsync();
        var state = await Guard(() => sessions.FinishAsync(interviewId, Context.ConnectionAborted));
        await AnnounceAsync(interviewId, state);
        return state;
    }

    /// <summary>The browser reports focus lost/regained, paste (size), full-screen exit.</summary>
    public async Task ReportIntegrity(IntegrityEventKind kind, string? detail)
    {
        var interviewId = await OwnedInterviewAsync();
        Throttle();
        if (kind is IntegrityEventKind.Connected or IntegrityEventKind.Disconnected or IntegrityEventKind.Takeover)
            throw new HubException("invalid_event: The server records connections itself");
        await sessions.RecordAsync(interviewId, kind, detail, Ip, Context.ConnectionId, Context.ConnectionAborted);
        await events.PublishAsync(interviewId, "integrity", null, $"{kind}: {detail}");
    }

    public async Task<SessionState> ConfirmTakeover()
    {
        var interviewId = (Guid)Context.Items[InterviewKey]!;
        var holder = (LeaseHolder)Context.Items[HolderKey]!;
        var previous = await lease.TakeOverAsync(interviewId, holder);
        if (previous is not null && previous.ConnectionId != holder.ConnectionId)
        {
            await Clients.Client(previous.ConnectionId).SessionTakenOver("This interview continued on another device");
        }
        await AttachAsync(interviewId, holder, IntegrityEventKind.Takeover, "takeover");
        return await Join();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        local.Remove(Context.ConnectionId);
        if (Context.Items.TryGetValue(LimiterKey, out var limiter)) ((IDisposable)limiter!).Dispose();
        if (Context.Items[InterviewKey] is Guid interviewId && Context.Items[HolderKey] is LeaseHolder holder &&
            await lease.HolderAsync(interviewId) == holder)
        {
            await lease.ReleaseAsync(interviewId, holder);
            await sessions.RecordAsync(interviewId, IntegrityEventKind.Disconnected, exception?.GetType().Name, Ip, Context.ConnectionId, default);
            await events.PublishAsync(interviewId, "disconnected", null);
        }
    }

    private async Task AttachAsync(Guid interviewId, LeaseHolder holder, IntegrityEventKind kind, string monitorKind)
    {
        local.Add(interviewId, holder);
        await sessions.RecordAsync(interviewId, kind, null, Ip, Context.ConnectionId, Context.ConnectionAborted);
        await events.PublishAsync(interviewId, monitorKind, null);
    }

    private async Task AnnounceAsync(Guid interviewId, SessionState state)
    {
        if (state.Current is null)
        {
            await Clients.Caller.Completed(state);
            await events.PublishAsync(interviewId, "completed", state);
        }
        else
        {
            await Clients.Caller.NextQuestion(state);
            await events.PublishAsync(interviewId, "question_shown", state, $"question {state.Current.Ordinal}");
        }
    }

    /// <summary>The interview of this connection, if it still holds the lease.</summary>
    private async Task<Guid> OwnedInterviewAsync()
    {
        var interviewId = (Guid)Context.Items[InterviewKey]!;
        var holder = (LeaseHolder)Context.Items[HolderKey]!;
        var current = await lease.HolderAsync(interviewId);
        // A lapsed lease (a missed renewal) is simply taken again; only another live holder refuses.
        if (current != holder && (current is not null || await lease.TryAcquireAsync(interviewId, holder) is not null))
        {
            throw new HubException($"{RefusalCodes.SessionTakenOver}: This interview is open on another device");
        }
        return interviewId;
    }

    private void Throttle()
    {
        using var lease = ((TokenBucketRateLimiter)Context.Items[LimiterKey]!).AttemptAcquire();
        if (!lease.IsAcquired) throw new HubException($"{RefusalCodes.RateLimited}: Too many messages; slow down");
    }

    private string? Ip => Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString();

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SessionRefusedException refused)
        {
            throw new HubException($"{refused.Code}: {refused.Message}");
        }
    }
}
