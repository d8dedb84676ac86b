using System.Text.Json;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>A run as recruiters see it: the AI's result with its provenance, and any human override beside it (never merged).</summary>
public sealed record EvaluationView(Guid RunId, string Evaluator, string Provider, string Model, string PromptVersion, string RubricVersion,
    DateTimeOffset CreatedAt, int TokensUsed, string? FallbackReason, double OverallScore, Recommendation Recommendation, string Summary, JsonElement Answers,
    JsonElement Integrity, EvaluationOverride? Override)
{
    public static EvaluationView From(EvaluationRun r) => new(r.RunId, r.Evaluator, r.Provider, r.Model, r.PromptVersion, r.RubricVersion,
        r.CreatedAt, r.TokensUsed, r.FallbackReason, r.OverallScore, r.Recommendation, r.Summary, JsonSerializer.Deserialize<JsonElement>(r.Answers),
        JsonSerializer.Deserialize<JsonElement>(r.Integrity),
        r.OverriddenAt is null ? null : new EvaluationOverride(r.OverrideScore, r.OverrideRecommendation, r.OverrideReason!, r.OverriddenByUserId, r.OverriddenAt.Value));
}

public sealed record EvaluationOverride(double? Score, Recommendation? Recommendation, string Reason, int? ByUserId, DateTimeOffset At);
