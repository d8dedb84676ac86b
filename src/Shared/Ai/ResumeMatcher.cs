using System.Text.Json;
using System.Text.RegularExpressions;

namespace InterviewPlatform.Shared.Ai;

/// <summary>
/// How well a resume meets a job description: a 0–100 score, the skills found with a sentence quoted from the resume
/// as evidence, and the skills missing with the JD's words that ask for them. A model's quote that is not in the
/// resume fails validation (it would be an invented fact about a candidate), so every stored quote is real.
/// </summary>
public sealed partial class ResumeMatcher(StructuredAi ai)
{
    public const string OfflineName = "offline-skill-evidence";
    public const string AiName = "ai-resume-match";
    public const string PromptVersion = "match-2026-12-a";

    private const string Instruction =
        "You compare a candidate's resume with a job description. List the skills the job asks for. For each skill the resume " +
        "shows, give it under matched with evidence: an exact quotation (a phrase or sentence copied character for character) from " +
        "resume_text. For each skill it does not show, give it under missing with evidence: an exact quotation from the job " +
        "description that asks for it. Score the fit from 0 to 100.";

    private static readonly JsonElement _schema = AiJson.Schema("""
        {"type":"object","additionalProperties":false,"required":["score","matched","missing"],"properties":{
          "score":{"type":"integer","minimum":0,"maximum":100},
          "matched":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["skill","evidence"],
            "properties":{"skill":{"type":"string"},"evidence":{"type":"string"}}}},
          "missing":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["skill","evidence"],
            "properties":{"skill":{"type":"string"},"evidence":{"type":"string"}}}}}}
        """);

    /// <summary>Skills the offline matcher looks for in a JD besides its questions' keywords.</summary>
    private static readonly string[] _lexicon =
    [
        "python", "java", "javascript", "typescript", "c#", ".net", "asp.net", "c++", "go", "rust", "kotlin", "swift", "ruby", "php", "scala",
        "react", "angular", "vue", "node.js", "nodejs", "express", "django", "flask", "fastapi", "spring", "graphql", "rest", "grpc",
        "sql", "postgresql", "mysql", "mongodb", "redis", "kafka", "rabbitmq", "elasticsearch", "docker", "kubernetes", "terraform",
        "ansible", "aws", "azure", "gcp", "linux", "git", "ci/cd", "jenkins", "github actions", "microservices", "system design",
        "machine learning", "deep learning", "pandas", "numpy", "pytorch", "tensorflow", "scikit-learn", "spark", "statistics",
        "html", "css", "testing", "unit testing", "agile", "scrum", "security", "oauth", "networking", "concurrency", "algorithms",
    ];

    public async Task<ResumeMatch> MatchAsync(string jdTitle, string? jdText, string domain, IReadOnlyList<string> jdKeywords, string resumeText,
        CancellationToken ct)
    {
        var jd = $"{jdTitle}\n{jdText}";
        var answer = await ai.AskAsync(Instruction, new { JobTitle = jdTitle, JobDescription = jdText ?? "", Domain = domain, JobKeywords = jdKeywords, ResumeText = resumeText },
            _schema, "resume_match", json => Validate(json, resumeText, jd), ct);
        var model = ai.Model;
        return answer.Value is { } m
            ? m with { Evaluator = AiName, Provider = model.ProviderName, Model = model.Model, PromptVersion = PromptVersion, TokensUsed = answer.TokensUsed }
            : Offline(jd, domain, resumeText) with
            {
                TokensUsed = answer.TokensUsed,
                FallbackReason = model.Client is null ? null : answer.FailureReason,
            };
    }

    /// <summary>
    /// Each skill of a fixed list that the JD names (and the JD's domain) looked up as a whole word in the resume's
    /// sentences. Question keywords are left out: they are concepts an answer must cover ("lock", "threads"), not skills.
    /// </summary>
    public static ResumeMatch Offline(string jd, string domain, string resumeText)
    {
        var skills = _lexicon.Where(s => Find(jd, s) is not null || string.Equals(domain, s, StringComparison.OrdinalIgnoreCase)).ToList();
        var resumeSentences = Sentences(resumeText);
        var jdSentences = Sentences(jd);
        var matched = new List<SkillEvidence>();
        var missing = new List<SkillEvidence>();
        foreach (var skill in skills)
        {
            if (resumeSentences.FirstOrDefault(s => Find(s, skill) is not null) is { } quote) matched.Add(new SkillEvidence(skill, quote));
            else missing.Add(new SkillEvidence(skill, jdSentences.FirstOrDefault(s => Find(s, skill) is not null) ?? $"the job's domain: {domain}"));
        }
        var score = skills.Count == 0 ? 0 : (int)Math.Round(100.0 * matched.Count / skills.Count);
        return new ResumeMatch(score, matched, missing, OfflineName, "offline", OfflineName, "none", 0, null);
    }

    private static ResumeMatch Validate(JsonElement json, string resume, string jd)
    {
        var score = json.GetProperty("score").GetDouble();
        if (!double.IsFinite(score) || score is < 0 or > 100) throw new AiValidationException($"score must be between 0 and 100, got {score}");
        var resumeText = Normal(resume);
        var jdText = Normal(jd);
        var matched = Items(json, "matched", resumeText, "resume_text");
        var missing = Items(json, "missing", jdText, "the job description");
        return new ResumeMatch((int)Math.Round(score), matched, missing, AiName, "", "", PromptVersion, 0, null);
    }

    private static List<SkillEvidence> Items(JsonElement json, string name, string source, string sourceName) =>
        json.GetProperty(name).EnumerateArray().Take(40).Select(e =>
        {
            var skill = AiJson.Text(e, "skill", 100);
            var evidence = AiJson.Text(e, "evidence", 400);
            if (skill.Length == 0) throw new AiValidationException($"a {name} skill is empty");
            if (evidence.Length == 0 || !source.Contains(Normal(evidence.Trim('"', '\u201c', '\u201d', '.')), StringComparison.Ordinal))
                throw new AiValidationException($"the evidence for {name} skill '{skill}' is not an exact quotation from {sourceName}: \"{evidence}\"");
            return new SkillEvidence(skill, evidence);
        }).ToList();

    private static string Normal(string text) => Spaces().Replace(text, " ").Trim().ToLowerInvariant();

    private static List<string> Sentences(string text) =>
        SentenceBreak().Split(text).Select(s => Spaces().Replace(s, " ").Trim()).Where(s => s.Length > 0).Select(s => s.Length > 300 ? s[..300] : s).ToList();

    private static Match? Find(string text, string skill)
    {
        var match = Regex.Match(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(skill)}(?![\p{{L}}\p{{N}}#+])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(200));
        return match.Success ? match : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[\r\n]+|(?<=[.!?;])\s+")]
    private static partial Regex SentenceBreak();
}

public sealed record SkillEvidence(string Skill, string Evidence);

/// <summary>Stored on the interview (resume_match) with its provenance.</summary>
public sealed record ResumeMatch(int Score, IReadOnlyList<SkillEvidence> Matched, IReadOnlyList<SkillEvidence> Missing, string Evaluator, string Provider,
    string Model, string PromptVersion, long TokensUsed, string? FallbackReason);
