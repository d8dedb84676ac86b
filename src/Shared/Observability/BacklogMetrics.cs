using System.Diagnostics.Metrics;
using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Observability;

/// <summary>
/// Work waiting in the database: Hangfire's queue and the email outbox. Counted every
/// 15 s in the background, so a scrape never waits on a query.
/// </summary>
public sealed class BacklogMetrics : BackgroundService
{
    public const string MeterName = "InterviewPlatform.Backlog";
    private static readonly TimeSpan _every = TimeSpan.FromSeconds(15);

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<BacklogMetrics> _log;
    private long _jobsEnqueued = -1;
    private long _outboxPending = -1;

    public BacklogMetrics(IServiceScopeFactory scopes, IMeterFactory meters, ILogger<BacklogMetrics> log)
    {
        (_scopes, _log) = (scopes, log);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("jobs.queue.length", () => Interlocked.Read(ref _jobsEnqueued), description: "Hangfire jobs waiting in the default queue");
        meter.CreateObservableGauge("outbox.backlog", () => Interlocked.Read(ref _outboxPending), description: "Emails waiting in the outbox");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_every);
        do
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                if (scope.ServiceProvider.GetService<JobStorage>() is { } storage)
                {
                    Interlocked.Exchange(ref _jobsEnqueued, storage.GetMonitoringApi().EnqueuedCount("default"));
                }
                var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
                Interlocked.Exchange(ref _outboxPending,
                    await db.OutboxEmails.IgnoreQueryFilters().CountAsync(e => e.Status == OutboxStatus.Pending, stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log.LogDebug(ex, "Backlog not counted this time");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
