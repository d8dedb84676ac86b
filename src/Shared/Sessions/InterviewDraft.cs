using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// What the candidate has typed for a question so far, saved as they type: a reload, another device or
/// another node resumes with it, and when the question's time runs out it becomes the answer.
/// </summary>
public sealed class InterviewDraft
{
    public Guid InterviewId { get; set; }
    public int Ordinal { get; set; }
    public string? Text { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}

internal sealed class InterviewDraftConfiguration : IEntityTypeConfiguration<InterviewDraft>
{
    public void Configure(EntityTypeBuilder<InterviewDraft> builder)
    {
        builder.HasKey(d => new { d.InterviewId, d.Ordinal });
        builder.HasOne<Interviews.Interview>().WithMany().HasForeignKey(d => d.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
