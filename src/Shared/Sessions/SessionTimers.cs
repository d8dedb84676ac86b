using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// The node's one timer structure for question time-outs: a priority queue of (deadline, interview) and one
/// loop that wakes every <see cref="Resolution"/>, instead of a timer per connection. Entries are never
/// removed early: a due entry only asks the engine to look, and the engine ignores it when nothing is due.
/// </summary>
public sealed class SessionTimers(TimeProvider clock, ILogger<SessionTimers> log) : BackgroundService
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(500);

    private readonly PriorityQueue<Guid, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();

    /// <summary>Called by the engine for each interview whose time is up.</summary>
    public Func<Guid, Task>? OnDue { get; set; }

    public int Pending
    {
        get
        {
            lock (_gate) return _due.Count;
        }
    }

    public void Schedule(Guid interviewId, DateTimeOffset at)
    {
        lock (_gate) _due.Enqueue(interviewId, at);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Resolution, clock);
        var due = new List<Guid>();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            lock (_gate)
            {
                while (_due.TryPeek(out var id, out var at) && at <= now)
                {
                    _due.Dequeue();
                    due.Add(id);
                }
            }
            if (due.Count == 0 || OnDue is not { } onDue) continue;
            await Task.WhenAll(due.Distinct().Select(async id =>
            {
                try
                {
                    await onDue(id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "The time-out of interview {InterviewId} could not be recorded; it will be on the next call", id);
                }
            }));
            due.Clear();
        }
    }
}
