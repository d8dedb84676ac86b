using System.Text.Json.Serialization;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// One evaluation of one interview. Runs are never updated by a later run: a re-run adds a row, so a recruiter
/// can see how a score came about and what changed. Only the human override is written onto an existing row,
/// and that write is audited (<see cref="IAudited"/>).
/// </summary>
public sealed class EvaluationRun : IAudited
{
    public long Id { get; set; }
    public Guid InterviewId { get; set; }
    public int CompanyId { get; set; }

    /// <summary>Unique: the job inserts at most one row per run id, however often Hangfire retries it.</summary>
    public Guid RunId { get; set; }

    public required string Evaluator { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }
    public required string PromptVersion { get; set; }
    public required string RubricVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int TokensUsed { get; set; }

    /// <summary>Set when the configured model was asked but the offline evaluator answered, and why.</summary>
    public string? FallbackReason { get; set; }
    public double OverallScore { get; set; }
    public Recommendation Recommendation { get; set; }
    public required string Summary { get; set; }

    /// <summary>JSON array of <see cref="AnswerResult"/>.</summary>
    public required string Answers { get; set; }

    /// <summary>JSON of <see cref="IntegritySummary"/>: shown beside the score, never folded into it.</summary>
    public required string Integrity { get; set; }

    public double? OverrideScore { get; set; }
    public Recommendation? OverrideRecommendation { get; set; }
    public string? OverrideReason { get; set; }
    public int? OverriddenByUserId { get; set; }
    public DateTimeOffset? OverriddenAt { get; set; }

    int? IAudited.OwningCompanyId => CompanyId;
}

public enum Recommendation
{
    StrongHire,
    Hire,
    LeanNo,
    NoHire,
}

public sealed record AnswerResult(int Ordinal, double Score, string Rationale, IReadOnlyList<string> Strengths, IReadOnlyList<string> Gaps,
    double RubricCoverage, bool Answered, bool FromTranscript, IReadOnlyList<string> Flags, CodeReview? Code = null);

/// <summary>What a model adds for a coding answer.</summary>
public sealed record CodeReview(string Correctness, string Complexity, string Style);

public sealed record IntegritySummary(int Events, IReadOnlyDictionary<string, int> ByKind, DateTimeOffset? FirstAt, DateTimeOffset? LastAt);

internal sealed class EvaluationRunConfiguration : IEntityTypeConfiguration<EvaluationRun>
{
    public void Configure(EntityTypeBuilder<EvaluationRun> builder)
    {
        builder.HasIndex(r => r.RunId).IsUnique();
        builder.HasIndex(r => new { r.InterviewId, r.CreatedAt });
        builder.HasOne<Interview>().WithMany().HasForeignKey(r => r.InterviewId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Evaluator).HasMaxLength(64);
        builder.Property(r => r.Provider).HasMaxLength(32);
        builder.Property(r => r.Model).HasMaxLength(100);
        builder.Property(r => r.PromptVersion).HasMaxLength(32);
        builder.Property(r => r.RubricVersion).HasMaxLength(32);
        builder.Property(r => r.Recommendation).HasMaxLength(16).HasConversion(WireEnum<Recommendation>.Converter);
        builder.Property(r => r.OverrideRecommendation).HasMaxLength(16).HasConversion(WireEnum<Recommendation>.Converter);
        builder.Property(r => r.OverrideReason).HasMaxLength(1000);
        builder.Property(r => r.FallbackReason).HasMaxLength(1000);
        builder.Property(r => r.Answers).HasColumnType("jsonb");
        builder.Property(r => r.Integrity).HasColumnType("jsonb");
    }
}
