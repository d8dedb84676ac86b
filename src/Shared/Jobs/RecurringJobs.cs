using Hangfire;
using InterviewPlatform.Shared.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Jobs;

/// <summary>Every recurring schedule of the platform, in one place.</summary>
public static class RecurringJobs
{
    public static void Register(IRecurringJobManager recurring)
    {
        recurring.AddOrUpdate<OutboxDispatcher>("outbox-dispatch", d => d.DispatchPendingAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<InterviewReminderJob>("interview-reminders", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<NoShowExpiryJob>("no-show-expiry", j => j.RunAsync(CancellationToken.None), "*/5 * * * *");
        recurring.AddOrUpdate<UploadRetentionJob>("upload-retention", j => j.RunAsync(CancellationToken.None), Cron.Daily(3));
    }
}

/// <summary>Registers the schedules once the database answers, retrying while it does not.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring, ILogger<RecurringJobsRegistration> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                RecurringJobs.Register(recurring);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Recurring jobs not registered yet ({Error}); retrying in 10 s", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
            }
        }
    }
}
