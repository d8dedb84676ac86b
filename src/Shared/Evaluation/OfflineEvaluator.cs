using System.Text.RegularExpressions;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Scores one answer against the question's expected answer with no model and no network. It rewards the
/// expected answer's concepts stated in explaining sentences, and it is built against the three ways a word
/// count is fooled: keywords listed without sentences (stuffing), the right words saying the wrong thing
/// (negation, antonyms, mostly off-concept terms) and text addressed to the evaluator (injection), which is
/// cut out before scoring and then costs half the score, so it can never raise one.
/// </summary>
public static partial class OfflineEvaluator
{
    public const string Name = "offline-concepts";
    public const string RubricVersion = "concepts-1";

    /// <summary>Opposites that turn a right-sounding sentence wrong; either side may be the expected one.</summary>
    private static readonly (string, string)[] _antonyms =
    [
        ("one", "multiple"), ("single", "multiple"), ("parallel", "serial"), ("synchronous", "asynchronous"), ("mutable", "immutable"),
        ("stateless", "stateful"), ("increase", "decrease"), ("faster", "slower"), ("before", "after"), ("copy", "reference"),
        ("block", "nonblock"), ("horizontal", "vertical"), ("strong", "eventual"), ("overfit", "underfit"), ("bia", "variance"),
        ("compile", "runtime"), ("client", "server"), ("push", "pull"), ("shallow", "deep"), ("allow", "prevent"), ("same", "different"),
    ];

    public static AnswerScore Score(string? expectedAnswer, IReadOnlyList<string> keywords, string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer)) return new AnswerScore(0, 0, [], Concepts(expectedAnswer, keywords).Keys.ToList(), [], "No answer given.");

        var flags = new List<string>();
        var sentences = AnswerText.Sentences(answer).ToList();
        var honest = sentences.Where(s => !InjectionCue().IsMatch(s)).ToList();
        var injected = honest.Count < sentences.Count;
        if (injected) flags.Add("injection_attempt");

        var concepts = Concepts(expectedAnswer, keywords);
        if (concepts.Count == 0) return new AnswerScore(injected ? 2.5 : 5, 0, [], [], flags, "No expected answer or keywords to compare with; scored neutrally.");

        var words = honest.SelectMany(AnswerText.Words).ToList();
        var terms = honest.SelectMany(AnswerText.Terms).ToList();
        var expectedNegated = NegatedTerms(expectedAnswer ?? "");
        var said = terms.Where(concepts.ContainsKey).ToHashSet(StringComparer.Ordinal);
        // "X is not Y" names Y to deny it: a concept only ever said right after a negation (and not denied by the
        // expected answer too) is counted against the answer, not for it.
        var negated = honest.SelectMany(NegatedTerms).Where(t => concepts.ContainsKey(t) && !expectedNegated.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var stated = said.Where(t => !negated.Contains(t) || Affirmed(honest, t)).ToHashSet(StringComparer.Ordinal);
        negated.ExceptWith(stated);

        var total = concepts.Values.Sum();
        var coverage = concepts.Where(c => stated.Contains(c.Key)).Sum(c => c.Value) / total;
        var pairs = ExpectedPairs(expectedAnswer);
        var pairCoverage = pairs.Count == 0 ? coverage : pairs.Count(p => NearEachOther(terms, p.Item1, p.Item2)) / (double)pairs.Count;
        // Precision: how much of what was said is about the expected concepts; a confident wrong answer is mostly other terms.
        var onTopic = terms.Count == 0 ? 0 : terms.Count(concepts.ContainsKey) / (double)terms.Count;
        var raw = 0.55 * coverage + 0.2 * pairCoverage + 0.25 * Math.Min(1, onTopic * 1.6);

        var keywordTerms = keywords.SelectMany(AnswerText.Terms).ToHashSet(StringComparer.Ordinal);
        var stopShare = words.Count == 0 ? 0 : words.Count(AnswerText.IsStopWord) / (double)words.Count;
        var keywordShare = terms.Count == 0 ? 0 : terms.Count(keywordTerms.Contains) / (double)terms.Count;
        var distinctShare = terms.Count == 0 ? 1 : terms.Distinct().Count() / (double)terms.Count;
        if (terms.Count >= 3 && (stopShare < 0.15 || keywordShare > 0.6 || distinctShare < 0.45))
        {
            raw *= 0.45;
            flags.Add("keyword_stuffing");
        }

        var contradictions = Contradictions(concepts, terms.ToHashSet(StringComparer.Ordinal));
        // The other direction: the expected answer denies something ("do not run in parallel") that this answer asserts.
        contradictions.AddRange(expectedNegated.Where(t => Affirmed(honest, t) && !honest.SelectMany(NegatedTerms).Contains(t)).Select(t => $"asserts {t}"));
        if (negated.Count > 0 || contradictions.Count > 0)
        {
            raw *= Math.Max(0.3, 1 - 0.25 * (negated.Count + contradictions.Count));
            flags.Add("contradiction");
        }

        // Only the absurdly short is penalised: a concise answer already pays for what it leaves out through coverage.
        if (terms.Count < 3)
        {
            raw *= 0.3;
            flags.Add("too_short");
        }

        var score = Math.Clamp(10 * raw, 0, 10);
        if (injected) score /= 2;
        var strengths = concepts.Keys.Where(stated.Contains).ToList();
        var gaps = concepts.Keys.Where(k => !stated.Contains(k)).ToList();
        return new AnswerScore(Math.Round(score, 1), Math.Round(coverage, 2), strengths, gaps, flags, Rationale(coverage, strengths, negated, contradictions, flags));
    }

    /// <summary>The expected answer's terms, keywords weighing twice: they are the rubric's named points.</summary>
    private static Dictionary<string, double> Concepts(string? expectedAnswer, IReadOnlyList<string> keywords)
    {
        var concepts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in AnswerText.Terms(expectedAnswer ?? "")) concepts[term] = 1;
        foreach (var term in keywords.SelectMany(AnswerText.Terms)) concepts[term] = 2;
        return concepts;
    }

    /// <summary>Terms within the three words after a negation: "not run in parallel" denies run and parallel.</summary>
    private static HashSet<string> NegatedTerms(string text)
    {
        var words = AnswerText.Words(text);
        var negated = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (!AnswerText.IsNegation(words[i])) continue;
            foreach (var w in words.Skip(i + 1).Take(3).Where(w => !AnswerText.IsStopWord(w) && !AnswerText.IsNegation(w))) negated.Add(AnswerText.Stem(w));
        }
        return negated;
    }

    /// <summary>Whether the term also appears somewhere outside a negation's reach.</summary>
    private static bool Affirmed(List<string> sentences, string term)
    {
        foreach (var sentence in sentences)
        {
            var words = AnswerText.Words(sentence);
            for (var i = 0; i < words.Count; i++)
            {
                if (AnswerText.Stem(words[i]) != term) continue;
                var reach = words.Skip(Math.Max(0, i - 3)).Take(Math.Min(i, 3));
                if (!reach.Any(AnswerText.IsNegation)) return true;
            }
        }
        return false;
    }

    private static List<(string, string)> ExpectedPairs(string? expectedAnswer) =>
        AnswerText.Sentences(expectedAnswer ?? "").Select(AnswerText.Terms)
            .SelectMany(t => t.Zip(t.Skip(1))).Where(p => p.First != p.Second).Distinct().ToList();

    private static bool NearEachOther(List<string> terms, string a, string b)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i] != a) continue;
            for (var j = Math.Max(0, i - 3); j < Math.Min(terms.Count, i + 4); j++)
            {
                if (j != i && terms[j] == b) return true;
            }
        }
        return false;
    }

    private static List<string> Contradictions(Dictionary<string, double> concepts, HashSet<string> said)
    {
        var found = new List<string>();
        foreach (var (x, y) in _antonyms)
        {
            string? expected = concepts.ContainsKey(x) && !concepts.ContainsKey(y) ? x : concepts.ContainsKey(y) && !concepts.ContainsKey(x) ? y : null;
            if (expected is null) continue;
            var opposite = expected == x ? y : x;
            if (said.Any(t => t.StartsWith(opposite, StringComparison.Ordinal)) && !said.Contains(expected)) found.Add($"{opposite} instead of {expected}");
        }
        return found;
    }

    private static string Rationale(double coverage, List<string> strengths, HashSet<string> negated, List<string> contradictions, List<string> flags)
    {
        var parts = new List<string> { $"Covers {coverage:P0} of the expected concepts" + (strengths.Count > 0 ? $" ({string.Join(", ", strengths.Take(6))})." : ".") };
        if (negated.Count > 0) parts.Add($"Denies expected points: {string.Join(", ", negated.Take(4))}.");
        if (contradictions.Count > 0) parts.Add($"Contradicts the expected answer: {string.Join("; ", contradictions)}.");
        if (flags.Contains("keyword_stuffing")) parts.Add("Lists terms without explaining them.");
        if (flags.Contains("too_short")) parts.Add("Too short to show understanding.");
        if (flags.Contains("injection_attempt")) parts.Add("Contains text addressed to the evaluator; ignored and penalised, flagged for review.");
        return string.Join(' ', parts);
    }

    [GeneratedRegex(@"ignor\w*\s+(all\s+|the\s+|any\s+|previous\s+|prior\s+|above\s+|your\s+)*(rubric|instruction|prompt|rules|criteria|guideline)|(give|award|assign|rate|score)\s+(me|this|the|my)?\s*(answer\s+|candidate\s+)?(a\s+)?(10|ten|full|max|perfect|top)\b|10\s*/\s*10|full marks|as the (evaluator|grader|examiner|reviewer|ai)|you are (now )?(an?|the) (evaluator|grader|ai|assistant)|system prompt|new instructions|disregard", RegexOptions.IgnoreCase)]
    private static partial Regex InjectionCue();
}

/// <summary>One answer's offline score (0–10) and why.</summary>
public sealed record AnswerScore(double Score, double Coverage, IReadOnlyList<string> Strengths, IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Flags, string Rationale);
