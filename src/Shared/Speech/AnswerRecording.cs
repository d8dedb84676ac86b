using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// A spoken answer's recording, stored in PostgreSQL in the same fenced statement as its answer row: the ack
/// follows one commit, a retry stores it once, and a refused upload leaves nothing behind (ADR 0010). The
/// transcript itself is the answer's text; this row says where it came from, or that it is still pending.
/// </summary>
public sealed class AnswerRecording
{
    public long Id { get; set; }
    public Guid AnswerId { get; set; }
    public Guid InterviewId { get; set; }
    public int Ordinal { get; set; }
    public required string ContentType { get; set; }
    public byte[] Audio { get; set; } = [];
    public int Length { get; set; }

    /// <summary>How long the upload streamed: the recording is sent while the candidate speaks, so this is its duration within network jitter.</summary>
    public int DurationMs { get; set; }

    public TranscriptStatus TranscriptStatus { get; set; }
    public string? TranscriptProvider { get; set; }
    public string? TranscriptModel { get; set; }
    public double? TranscriptConfidence { get; set; }
    public DateTimeOffset? TranscribedAt { get; set; }

    /// <summary>When a pending recording was last handed to <see cref="TranscribeRecordingJob"/> (the sweeper hands it again if it stays pending).</summary>
    public DateTimeOffset? TranscriptJobAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>
    /// When the retention job dropped the audio (UPLOAD_RETENTION_DAYS after a finished interview's slot). The row stays,
    /// so the transcript keeps its provenance and the audio route can say the recording was purged rather than never made.
    /// </summary>
    public DateTimeOffset? AudioPurgedAt { get; set; }
}

public enum TranscriptStatus
{
    /// <summary>Audio kept, no text yet: a job will transcribe it, or no provider is configured and a human listens.</summary>
    Pending,

    /// <summary>The answer's text is the transcript, by <see cref="AnswerRecording.TranscriptProvider"/>.</summary>
    Transcribed,
}

internal sealed class AnswerRecordingConfiguration : IEntityTypeConfiguration<AnswerRecording>
{
    public void Configure(EntityTypeBuilder<AnswerRecording> builder)
    {
        builder.HasIndex(r => r.AnswerId).IsUnique();
        builder.HasIndex(r => new { r.InterviewId, r.Ordinal }).IsUnique();
        builder.HasIndex(r => r.RecordedAt).HasDatabaseName("ix_answer_recordings_pending").HasFilter("transcript_status = 'pending'");
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(r => r.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.TranscriptStatus).HasMaxLength(16).HasConversion(WireEnum<TranscriptStatus>.Converter);
        builder.Property(r => r.TranscriptProvider).HasMaxLength(32);
        builder.Property(r => r.TranscriptModel).HasMaxLength(100);
    }
}
