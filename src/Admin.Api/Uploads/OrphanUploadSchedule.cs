using Hangfire;
using InterviewPlatform.Shared.Documents;

namespace InterviewPlatform.Admin.Api.Uploads;

/// <summary>
/// Schedules <see cref="OrphanUploadSweep"/> daily on Admin.Api, the host that runs the Hangfire server, once the
/// database answers. (Its place is beside the other schedules in Shared/Jobs/RecurringJobs.cs.)
/// </summary>
public sealed class OrphanUploadSchedule(IRecurringJobManager recurring, ILogger<OrphanUploadSchedule> log) : BackgroundService
{
    public const string JobId = "upload-orphans";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                recurring.AddOrUpdate<OrphanUploadSweep>(JobId, s => s.RunAsync(CancellationToken.None), Cron.Daily(4));
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Orphan upload sweep not scheduled yet ({Error}); retrying in 10 s", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
            }
        }
    }
}
