using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Jobs;
using InterviewPlatform.Shared.Notifications;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

public sealed class JobsTests(JobsTests.Api api) : IClassFixture<JobsTests.Api>
{
    /// <summary>The host runs on a clock the test moves.</summary>
    public sealed class Api : SchedulingApi
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private async Task<Guid> ScheduleAsync(TenantActor recruiter, DateTimeOffset slot)
    {
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var form = SchedulingApi.ScheduleForm(jobId, language: "de", scheduledAt: slot.ToString("O"));
        return (await (await recruiter.Client.PostAsync("/interview/schedule", form)).ReadEnvelopeAsync(200)).Result().GetProperty("unique_id").GetGuid();
    }

    private async Task RunAsync<TJob>(Func<TJob, Task> run) where TJob : notnull
    {
        await using var scope = api.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    private async Task<List<string>> CandidateEmailKindsAsync(Guid id)
    {
        await using var db = api.Database.CreateContext();
        return await db.OutboxEmails.Where(o => o.InterviewId == id && !o.ToRecruiter).OrderBy(o => o.Id).Select(o => o.Kind).ToListAsync();
    }

    [Fact]
    public async Task Reminders_fire_once_each_at_24h_and_1h_and_follow_a_reschedule()
    {
        var recruiter = await api.DepartmentUserAsync();
        var slot = api.Clock.GetUtcNow().AddHours(30);
        var id = await ScheduleAsync(recruiter, slot);

        await RunAsync<InterviewReminderJob>(j => j.RunAsync(default));
        Assert.Equal(["invitation"], await CandidateEmailKindsAsync(id));

        api.Clock.Advance(TimeSpan.FromHours(6.1)); // 23.9 h before the slot
        await RunAsync<InterviewReminderJob>(j => j.RunAsync(default));
        await RunAsync<InterviewReminderJob>(j => j.RunAsync(default)); // re-running changes nothing
        Assert.Equal(["invitation", "reminder_24h"], await CandidateEmailKindsAsync(id));

        // Moved to a slot 20 h away: no 24 h reminder for it (the candidate was told within 24 h), a 1 h one still.
        var newSlot = api.Clock.GetUtcNow().AddHours(20);
        await (await recruiter.Client.PostJsonAsync($"/interview/{id}/reschedule", new { scheduled_at = newSlot })).ReadEnvelopeAsync(200);
        api.Clock.Advance(newSlot - api.Clock.GetUtcNow() - TimeSpan.FromMinutes(50));
        await RunAsync<InterviewReminderJob>(j => j.RunAsync(default));
        Assert.Equal(["invitation", "reminder_24h", "rescheduled", "reminder_1h"], await CandidateEmailKindsAsync(id));
    }

    [Fact]
    public async Task Cancelled_interviews_get_no_reminder_and_no_shows_expire()
    {
        var recruiter = await api.DepartmentUserAsync();
        var cancelled = await ScheduleAsync(recruiter, api.Clock.GetUtcNow().AddHours(2));
        var noShow = await ScheduleAsync(recruiter, api.Clock.GetUtcNow().AddHours(2));
        await (await recruiter.Client.PostJsonAsync($"/interview/{cancelled}/cancel", new { })).ReadEnvelopeAsync(200);

        api.Clock.Advance(TimeSpan.FromHours(1.5));
        await RunAsync<InterviewReminderJob>(j => j.RunAsync(default));
        Assert.Equal(["invitation", "cancelled"], await CandidateEmailKindsAsync(cancelled));

        api.Clock.Advance(TimeSpan.FromHours(3));
        await RunAsync<NoShowExpiryJob>(j => j.RunAsync(default));
        await using var db = api.Database.CreateContext();
        Assert.Equal(InterviewStatus.Expired, (await db.Interviews.SingleAsync(i => i.Id == noShow)).Status);
        Assert.Equal(InterviewStatus.Cancelled, (await db.Interviews.SingleAsync(i => i.Id == cancelled)).Status);
    }

    [Fact]
    public async Task Resumes_of_finished_interviews_are_purged_after_the_retention_period()
    {
        var recruiter = await api.DepartmentUserAsync();
        var kept = await ScheduleAsync(recruiter, api.Clock.GetUtcNow().AddDays(1));
        var purged = await ScheduleAsync(recruiter, api.Clock.GetUtcNow().AddDays(1));
        await (await recruiter.Client.PostJsonAsync($"/interview/{purged}/cancel", new { })).ReadEnvelopeAsync(200);
        string storageKey;
        await using (var db = api.Database.CreateContext())
        {
            storageKey = (await db.Interviews.SingleAsync(i => i.Id == purged)).Resume!.StorageKey;
            // Under way, so not finished. (Left 'scheduled', the host's recurring no-show run on this test's clock could
            // expire it at any moment, which would rightly let retention take its resume.)
            await db.Interviews.Where(i => i.Id == kept).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.InProgress));
        }
        Assert.True(File.Exists(Path.Combine(api.UploadDirectory, storageKey)));

        api.Clock.Advance(TimeSpan.FromDays(367));
        await RunAsync<UploadRetentionJob>(j => j.RunAsync(default));
        await RunAsync<UploadRetentionJob>(j => j.RunAsync(default)); // idempotent

        Assert.False(File.Exists(Path.Combine(api.UploadDirectory, storageKey)));
        await (await recruiter.Client.GetAsync($"/interview/{purged}/resume")).ReadEnvelopeAsync(404);
        await (await recruiter.Client.GetAsync($"/interview/{purged}")).ReadEnvelopeAsync(200);
        // Not finished: the file stays.
        await using var check = api.Database.CreateContext();
        Assert.NotNull((await check.Interviews.SingleAsync(i => i.Id == kept)).Resume);
    }

    [Fact]
    public async Task An_outbox_row_is_sent_exactly_once_when_the_job_is_retried_after_a_crash()
    {
        var outboxId = await AddOutboxRowAsync("fr", "chloe@example.test");

        await using var scope = api.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var transport = new CountingTransport(services.GetRequiredService<IEmailTransport>());
        OutboxDispatcher Dispatcher(bool crash) => new CrashAfterSend(crash, services.GetRequiredService<PlatformDbContext>(),
            services.GetRequiredService<EmailComposer>(), transport, api.Clock, NullLogger<OutboxDispatcher>.Instance);

        // The dispatcher dies after the server accepted the message and before it could record that.
        await Assert.ThrowsAsync<IOException>(() => Dispatcher(crash: true).SendAsync(outboxId, default));
        // Hangfire retries, now and after the claim has gone stale.
        await Dispatcher(crash: false).SendAsync(outboxId, default);
        api.Clock.Advance(OutboxDispatcher.ClaimTimeout + TimeSpan.FromMinutes(1));
        await Dispatcher(crash: false).SendAsync(outboxId, default);

        Assert.Equal(1, transport.Sent);
        await using var check = api.Database.CreateContext();
        Assert.Equal(OutboxStatus.Unconfirmed, (await check.OutboxEmails.SingleAsync(o => o.Id == outboxId)).Status);
    }

    [Fact]
    public async Task A_transport_failure_returns_the_row_for_a_retry_that_sends_it()
    {
        var outboxId = await AddOutboxRowAsync("en", "sam@example.test");

        await using var scope = api.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var flaky = new CountingTransport(services.GetRequiredService<IEmailTransport>()) { FailNext = true };
        var dispatcher = new OutboxDispatcher(services.GetRequiredService<PlatformDbContext>(), services.GetRequiredService<EmailComposer>(),
            flaky, api.Clock, NullLogger<OutboxDispatcher>.Instance);

        await Assert.ThrowsAsync<IOException>(() => dispatcher.SendAsync(outboxId, default));
        await dispatcher.SendAsync(outboxId, default);

        Assert.Equal(1, flaky.Sent);
        await using var check = api.Database.CreateContext();
        Assert.Equal(OutboxStatus.Sent, (await check.OutboxEmails.SingleAsync(o => o.Id == outboxId)).Status);
    }

    /// <summary>A pending invitation row written straight to the outbox (no Hangfire enqueue).</summary>
    private async Task<long> AddOutboxRowAsync(string language, string email)
    {
        await using var db = api.Database.CreateContext();
        var model = new InterviewEmailModel(Guid.NewGuid(), language, "Chloé Martin", email, "Data Engineer", "Acme",
            api.Clock.GetUtcNow().AddDays(2), "Europe/Paris", 45, "https://candidates.example/interview/x?token=t", null, 0, null);
        var row = new OutboxEmail
        {
            DedupeKey = $"test:{Guid.NewGuid()}",
            Kind = "invitation",
            Recipient = email,
            MessageId = $"{Guid.NewGuid():N}@test",
            Payload = System.Text.Json.JsonSerializer.Serialize(model, Shared.Configuration.PlatformHosting.JsonOptions),
            CreatedAt = api.Clock.GetUtcNow(),
        };
        db.OutboxEmails.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private sealed class CrashAfterSend(bool crash, PlatformDbContext db, EmailComposer composer, IEmailTransport transport, TimeProvider clock,
        Microsoft.Extensions.Logging.ILogger<OutboxDispatcher> log) : OutboxDispatcher(db, composer, transport, clock, log)
    {
        protected override Task MarkSentAsync(long outboxId, CancellationToken ct) =>
            crash ? throw new IOException("process killed") : base.MarkSentAsync(outboxId, ct);
    }

    private sealed class CountingTransport(IEmailTransport inner) : IEmailTransport
    {
        public int Sent { get; private set; }
        public bool FailNext { get; set; }
        public string Description => inner.Description;

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("connection refused");
            }
            await inner.SendAsync(message, ct);
            Sent++;
        }
    }
}
