using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire on the platform's PostgreSQL (schema "hangfire"). Either host can enqueue; only the host
    /// that passes <paramref name="runServer"/> (Admin.Api) processes jobs.
    /// </summary>
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration, bool runServer)
    {
        // Our own storage instance (not the static JobStorage.Current), so several hosts in one process keep theirs.
        var workers = configuration.GetValue("JOB_WORKERS", 4);
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new NpgsqlConnectionFactory(
                sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.JobsConnectionString(DatabaseOptions.JobsPoolSize(runServer, workers)),
                new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions
            {
                SchemaName = JobsSchema.Name,
                // Installed by the migrate command (JobsSchema), never at start-up: a host must start while the database is down.
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = TimeSpan.FromSeconds(configuration.GetValue("JOB_POLL_SECONDS", 2)),
                InvisibilityTimeout = TimeSpan.FromMinutes(10),
            }));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(sp.GetRequiredService<JobStorage>()));

        services.AddScoped<InterviewNotifier>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<InterviewReminderJob>();
        services.AddScoped<NoShowExpiryJob>();
        services.AddScoped<UploadRetentionJob>();
        services.AddScoped<Evaluation.EvaluateInterviewJob>();

        if (runServer)
        {
            services.AddHangfireServer((sp, o) =>
            {
                o.WorkerCount = workers;
                // This host's container, not Hangfire's static one (the last host configured in the process wins there).
                o.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
                o.SchedulePollingInterval = TimeSpan.FromSeconds(configuration.GetValue("JOB_POLL_SECONDS", 2));
            });
            services.AddHostedService<RecurringJobsRegistration>();
            services.AddHostedService<Evaluation.EvaluationSweeper>();
            services.AddHostedService<Speech.TranscriptSweeper>();
        }
        return services;
    }
}
