using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>One entry of an interview's integrity timeline: what the browser reported or the server saw.</summary>
public sealed class IntegrityEvent
{
    public long Id { get; set; }
    public Guid InterviewId { get; set; }
    public IntegrityEventKind Kind { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset At { get; set; }
    public string? IpAddress { get; set; }
    public string? ConnectionId { get; set; }
}

public enum IntegrityEventKind
{
    Connected,
    Disconnected,
    Takeover,
    FocusLost,
    FocusRegained,
    Paste,
    FullscreenExit,

    /// <summary>The page was hidden (another tab or window in front, or minimised).</summary>
    TabHidden,
    TabVisible,
    Copy,

    /// <summary>Something was dragged and dropped into an answer.</summary>
    Drop,

    /// <summary>The candidate accepted the recording and AI-evaluation notice (detail: the language it was read in).</summary>
    ConsentGiven,

    /// <summary>The candidate declined it; the interview does not start.</summary>
    ConsentDeclined,
}

internal sealed class IntegrityEventConfiguration : IEntityTypeConfiguration<IntegrityEvent>
{
    public void Configure(EntityTypeBuilder<IntegrityEvent> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(32).HasConversion(WireEnum<IntegrityEventKind>.Converter);
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.ConnectionId).HasMaxLength(64);
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(e => e.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.InterviewId, e.At });
    }
}
