using System.Threading.Channels;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Monitoring;

/// <summary>What a watching recruiter receives, from whichever node the candidate is on (Redis backplane).</summary>
public interface IMonitorClient
{
    Task SessionEvent(MonitorEvent monitorEvent);

    /// <summary>The caption the candidate sees while answering by voice (interim, then final segments).</summary>
    Task LiveTranscript(MonitorCaption caption);
}

public sealed record MonitorCaption(Guid InterviewId, int Ordinal, string Text, bool IsFinal, DateTimeOffset At);

/// <summary>joined, question_shown, answered, disconnected, reconnected, takeover, integrity, completed.</summary>
public sealed record MonitorEvent(Guid InterviewId, string Kind, string? Detail, int Answered, int QuestionCount, DateTimeOffset At);

public sealed record WatchSnapshot(Guid InterviewId, string CandidateName, InterviewStatus Status, int Answered, int QuestionCount,
    IReadOnlyList<TimelineEntry> Timeline);

public sealed record TimelineEntry(IntegrityEventKind Kind, string? Detail, DateTimeOffset At, string? IpAddress);

/// <summary>Recruiters watch live sessions of their own tenant; another tenant's interview is refused as not found.</summary>
[Authorize(Policy = AuthPolicies.Staff)]
public sealed class MonitorHub(PlatformDbContext db) : Hub<IMonitorClient>
{
    public const string Path = "/hubs/monitor";

    public static string Group(Guid interviewId) => $"watch:{interviewId}";

    public async Task<WatchSnapshot> Watch(Guid interviewId)
    {
        // The tenant query filter decides: an interview the caller cannot see does not exist for it.
        var interview = await db.Interviews.AsNoTracking().Where(i => i.Id == interviewId)
            .Select(i => new { i.FullName, i.Status, Questions = i.Questions.Count, Answered = i.Answers.Count(a => !a.Unanswered) })
            .SingleOrDefaultAsync(Context.ConnectionAborted)
            ?? throw new HubException("interview_not_found: Interview not found");
        var timeline = await db.IntegrityEvents.AsNoTracking().Where(e => e.InterviewId == interviewId).OrderBy(e => e.At)
            .Select(e => new TimelineEntry(e.Kind, e.Detail, e.At, e.IpAddress)).ToListAsync(Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(interviewId));
        return new WatchSnapshot(interviewId, interview.FullName, interview.Status, interview.Answered, interview.Questions, timeline);
    }

    public Task Unwatch(Guid interviewId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(interviewId));
}

/// <summary>
/// Publishes session events to the interview's watchers, after the candidate's call is answered and never
/// failing it: events queue here (bounded) and one pump sends them in order, several in flight at once
/// (the Redis connection keeps their order). A backplane failure is logged, not thrown.
/// </summary>
public sealed class SessionEvents(IHubContext<MonitorHub, IMonitorClient> hub, TimeProvider clock, ILogger<SessionEvents> log) : BackgroundService
{
    private const int InFlight = 64;

    // Events and captions share one queue, so a watcher hears them in the order they happened.
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Publish(Guid interviewId, string kind, SessionState? state, string? detail = null)
    {
        var monitorEvent = new MonitorEvent(interviewId, kind, detail, state?.AnsweredOrdinals.Count ?? 0, state?.QuestionCount ?? 0, clock.GetUtcNow());
        if (!_queue.Writer.TryWrite(monitorEvent)) log.LogWarning("Monitor event {Kind} of interview {InterviewId} dropped: the queue is full", kind, interviewId);
    }

    public void Caption(Guid interviewId, int ordinal, string text, bool isFinal)
    {
        if (!_queue.Writer.TryWrite(new MonitorCaption(interviewId, ordinal, text, isFinal, clock.GetUtcNow())))
        {
            log.LogWarning("A caption of interview {InterviewId} was dropped: the queue is full", interviewId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sending = new List<Task>(InFlight);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (sending.Count < InFlight && _queue.Reader.TryRead(out var e))
            {
                sending.Add(SendAsync(e));
            }
            await Task.WhenAll(sending);
            sending.Clear();
        }
    }

    private async Task SendAsync(object item)
    {
        try
        {
            await (item switch
            {
                MonitorCaption c => hub.Clients.Group(MonitorHub.Group(c.InterviewId)).LiveTranscript(c),
                MonitorEvent e => hub.Clients.Group(MonitorHub.Group(e.InterviewId)).SessionEvent(e),
                _ => Task.CompletedTask,
            });
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "A monitor message ({Type}) could not be published", item.GetType().Name);
        }
    }
}
