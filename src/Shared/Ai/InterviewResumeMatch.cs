using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Ai;

/// <summary>
/// An interview's resume–JD match (JSON of <see cref="ResumeMatch"/>), one per interview. A table of its own so the
/// background write never touches the interview row, whose version guards a recruiter's reschedule or cancel.
/// </summary>
public sealed class InterviewResumeMatch
{
    public Guid InterviewId { get; set; }
    public required string Result { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class InterviewResumeMatchConfiguration : IEntityTypeConfiguration<InterviewResumeMatch>
{
    public void Configure(EntityTypeBuilder<InterviewResumeMatch> builder)
    {
        builder.HasKey(m => m.InterviewId);
        builder.HasOne<Interview>().WithOne().HasForeignKey<InterviewResumeMatch>(m => m.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.Result).HasColumnType("jsonb");
    }
}
