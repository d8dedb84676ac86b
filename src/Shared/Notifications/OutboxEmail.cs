using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Notifications;

/// <summary>
/// An email to send, written in the same transaction as the change that causes it. The dispatcher
/// claims it (pending → sending), hands it to SMTP, then marks it sent; see OutboxDispatcher.
/// </summary>
public sealed class OutboxEmail
{
    public long Id { get; set; }

    /// <summary>What makes this email unique (e.g. "reminder_24h:{interview}:{sequence}"): re-running a job inserts nothing new.</summary>
    public required string DedupeKey { get; set; }
    public Guid? InterviewId { get; set; }
    public required string Kind { get; set; }
    public required string Recipient { get; set; }
    public bool ToRecruiter { get; set; }

    /// <summary>The rendering model as it was when the change happened (JSON).</summary>
    public required string Payload { get; set; }

    /// <summary>Stable per row: a resend after an unclear failure can be recognised by the receiver.</summary>
    public required string MessageId { get; set; }
    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

public enum OutboxStatus
{
    Pending,
    /// <summary>Claimed by a dispatcher that has not reported back; never sent again automatically.</summary>
    Sending,
    Sent,
    /// <summary>A dispatcher died after claiming: it may or may not have reached the SMTP server.</summary>
    Unconfirmed,
    Failed,
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("outbox_emails");
        builder.Property(o => o.DedupeKey).HasMaxLength(200);
        builder.HasIndex(o => o.DedupeKey).IsUnique();
        builder.Property(o => o.Kind).HasMaxLength(32);
        builder.Property(o => o.Recipient).HasMaxLength(320);
        builder.Property(o => o.Payload).HasColumnType("jsonb");
        builder.Property(o => o.MessageId).HasMaxLength(200);
        builder.HasIndex(o => o.MessageId).IsUnique();
        builder.Property(o => o.Status).HasMaxLength(16).HasConversion(WireEnum<OutboxStatus>.Converter);
        builder.Property(o => o.LastError).HasMaxLength(1000);
        builder.HasIndex(o => new { o.Status, o.CreatedAt });
    }
}
