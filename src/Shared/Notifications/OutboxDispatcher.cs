using System.Text.Json;
using Hangfire;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace InterviewPlatform.Shared.Notifications;

/// <summary>
/// Sends outbox rows exactly once. A row is claimed (pending → sending) by a conditional UPDATE, handed
/// to the transport, and marked sent once the server accepted it. If the transport throws, the row goes
/// back to pending for Hangfire's retry. If the process dies after claiming, nobody can know whether the
/// server got the message, so the row is never sent again automatically: it becomes "unconfirmed" for an
/// operator (and keeps its Message-Id, so a manual resend is recognisable as the same message).
/// </summary>
public class OutboxDispatcher(
    PlatformDbContext db, EmailComposer composer, IEmailTransport transport, TimeProvider clock, ILogger<OutboxDispatcher> log)
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    [AutomaticRetry(Attempts = MaxAttempts, DelaysInSeconds = [5, 15, 30, 60, 120, 300, 600, 1200])]
    public async Task SendAsync(long outboxId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.OutboxEmails.Where(o => o.Id == outboxId && o.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Sending).SetProperty(o => o.ClaimedAt, now)
                .SetProperty(o => o.Attempts, o => o.Attempts + 1), ct);
        if (claimed == 0)
        {
            await GiveUpAbandonedClaimsAsync(ct);
            return;
        }

        var row = await db.OutboxEmails.AsNoTracking().SingleAsync(o => o.Id == outboxId, ct);
        try
        {
            await transport.SendAsync(Compose(row), ct);
        }
        catch (Exception ex)
        {
            // Refused or unreachable: nothing was accepted, so the row may be tried again.
            var status = row.Attempts >= MaxAttempts ? OutboxStatus.Failed : OutboxStatus.Pending;
            await db.OutboxEmails.Where(o => o.Id == outboxId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, status)
                .SetProperty(o => o.LastError, Truncate(ex.Message)), CancellationToken.None);
            log.LogWarning(ex, "Email {OutboxId} ({Kind}) not sent, attempt {Attempt}", row.Id, row.Kind, row.Attempts);
            throw;
        }
        await MarkSentAsync(outboxId, CancellationToken.None);
        log.LogInformation("Email {OutboxId} ({Kind}) sent to {Recipient} via {Transport}", row.Id, row.Kind, row.Recipient, transport.Description);
    }

    /// <summary>The recurring sweep: sends what an interrupted enqueue left pending, and retires dead claims.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DispatchPendingAsync(CancellationToken ct)
    {
        await GiveUpAbandonedClaimsAsync(ct);
        var pending = await db.OutboxEmails.Where(o => o.Status == OutboxStatus.Pending).OrderBy(o => o.Id).Select(o => o.Id).Take(100).ToListAsync(ct);
        foreach (var id in pending)
        {
            try
            {
                await SendAsync(id, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Logged in SendAsync; the next sweep tries again.
            }
        }
    }

    protected virtual Task MarkSentAsync(long outboxId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.OutboxEmails.Where(o => o.Id == outboxId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Sent)
            .SetProperty(o => o.SentAt, now).SetProperty(o => o.LastError, (string?)null), ct);
    }

    private async Task GiveUpAbandonedClaimsAsync(CancellationToken ct)
    {
        var staleBefore = clock.GetUtcNow() - ClaimTimeout;
        var abandoned = await db.OutboxEmails.Where(o => o.Status == OutboxStatus.Sending && o.ClaimedAt < staleBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Unconfirmed)
                .SetProperty(o => o.LastError, "dispatcher stopped after claiming; not resent automatically"), ct);
        if (abandoned > 0) log.LogWarning("{Count} email(s) were claimed by a dispatcher that stopped; marked unconfirmed", abandoned);
    }

    private MimeMessage Compose(OutboxEmail row)
    {
        var model = JsonSerializer.Deserialize<InterviewEmailModel>(row.Payload, PlatformHosting.JsonOptions)!;
        WireEnum<EmailKind>.TryParse(row.Kind, out var kind);
        return row.ToRecruiter
            ? composer.ComposeForRecruiter(kind, model, row.Recipient, row.MessageId)
            : composer.ComposeForCandidate(kind, model, row.MessageId);
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
