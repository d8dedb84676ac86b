namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Scores one answer against the question's expected answer with no model and no network. It rewards the
/// expected answer's concepts stated in explaining sentences, and it is built against the three ways a word
/// count is fooled: keywords listed without sentences (stuffing), the right words saying the wrong thing
/// (negation, antonyms, mostly off-concept terms) and text addressed to the evaluator (injection), which is
/// cut out before scoring and then costs half the score, so it can never raise one.
/// </summary>
public static class OfflineEvaluator
{
    public const string Name = "offline-concepts-minilm";
    public const string RubricVersion = "concepts-2";

    /// <summary>What actually scored in this process: without MiniLM (disabled, or no ONNX runtime) the scoring is lexical only.</summary>
    public static string ActiveName => SemanticSimilarity.Available ? Name : "offline-concepts";

    /// <summary>Scores one answer 0–10. Thread-safe; the first call in a process loads MiniLM (see <see cref="SemanticSimilarity"/>).</summary>
    public static AnswerScore Score(string? expectedAnswer, IReadOnlyList<string> keywords, string? answer) =>
        Analyse(expectedAnswer, keywords, answer, Combine).Score;

    /// <summary>
    /// Lexical share of the score when MiniLM is available; the rest is its similarity, rescaled from the cosine below
    /// which MiniLM means "unrelated" (floor) to full marks (floor + span).
    /// </summary>
    internal static double Combine(double lexical, double? similarity) =>
        similarity is { } sim ? LexicalWeight * lexical + (1 - LexicalWeight) * Math.Clamp((sim - SimilarityFloor) / SimilaritySpan, 0, 1) : lexical;

    // Chosen on the labelled set (docs/benchmarks.md): MiniLM rates a fluent wrong answer on the topic as close as a right
    // one, so a larger share would promote wrong-but-keyword-rich answers over short correct ones.
    internal const double LexicalWeight = 0.9;
    internal const double SimilarityFloor = 0.3;
    internal const double SimilaritySpan = 0.7;

    /// <summary>The score with its parts (the penalty is the product of the stuffing, contradiction and length factors), for tuning.</summary>
    internal static (AnswerScore Score, double Lexical, double? Similarity, double Penalty) Analyse(string? expectedAnswer, IReadOnlyList<string> keywords,
        string? answer, Func<double, double?, double> combine)
    {
        if (string.IsNullOrWhiteSpace(answer)) return (new AnswerScore(0, 0, [], Concepts(expectedAnswer, keywords).Keys.ToList(), [], "No answer given."), 0, null, 0);

        var flags = new List<string>();
        var sentences = AnswerText.Sentences(answer).ToList();
        var honest = sentences.Where(s => !EvaluatorCues.Injection().IsMatch(s)).ToList();
        var injected = honest.Count < sentences.Count;
        if (injected) flags.Add("injection_attempt");

        var concepts = Concepts(expectedAnswer, keywords);
        if (concepts.Count == 0) return (new AnswerScore(injected ? 2.5 : 5, 0, [], [], flags, "No expected answer or keywords to compare with; scored neutrally."), 0, null, 1);

        // A sentence that only lists terms explains nothing: beside explaining sentences it is dropped, so appending a
        // keyword list to an answer cannot raise it; an answer made only of lists is scored and marked as stuffing below.
        var keywordTerms = keywords.SelectMany(AnswerText.Terms).ToHashSet(StringComparer.Ordinal);
        var explained = honest.Where(s => !IsList(s, keywordTerms)).ToList();
        if (explained.Count > 0 && explained.Count < honest.Count)
        {
            honest = explained;
            flags.Add("keyword_stuffing");
        }

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
        var lexical = 0.55 * coverage + 0.2 * pairCoverage + 0.25 * Math.Min(1, onTopic * 1.6);

        // Meaning, not words: MiniLM sees a paraphrase the term lists miss, and a fluent answer about something else.
        // Only what the candidate said to answer (no injected or listed sentences) is embedded.
        // MiniLM's vocabulary is English (and Latin-script languages share much of it); for other scripts its cosines are
        // noise (0.1–0.3 for a strong and an off-topic Chinese answer alike), so those are scored lexically only.
        var reference = expectedAnswer ?? string.Join(", ", keywords);
        var similarity = AnswerText.MostlyLatin(reference) ? SemanticSimilarity.Similarity(reference, string.Join(" ", honest)) : null;
        var penalty = 1.0;

        var keywordShare = terms.Count == 0 ? 0 : terms.Count(keywordTerms.Contains) / (double)terms.Count;
        var distinctShare = terms.Count == 0 ? 1 : terms.Distinct().Count() / (double)terms.Count;
        if (terms.Count >= 3 && (LacksFunctionWords(words) || keywordShare > 0.6 || distinctShare < 0.45))
        {
            penalty *= 0.45;
            if (!flags.Contains("keyword_stuffing")) flags.Add("keyword_stuffing");
        }

        var contradictions = Contradictions(concepts, terms.ToHashSet(StringComparer.Ordinal));
        // The other direction: the expected answer denies something ("do not run in parallel") that this answer asserts.
        contradictions.AddRange(expectedNegated.Where(t => Affirmed(honest, t) && !honest.SelectMany(NegatedTerms).Contains(t)).Select(t => $"asserts {t}"));
        if (negated.Count > 0 || contradictions.Count > 0)
        {
            penalty *= Math.Max(0.3, 1 - 0.25 * (negated.Count + contradictions.Count));
            flags.Add("contradiction");
        }

        // Length sanity. Only the absurdly short is penalised (a concise answer already pays for what it leaves out through
        // coverage); an essay many times the expected answer's length is diluting, not explaining.
        if (terms.Count < 3)
        {
            penalty *= 0.3;
            flags.Add("too_short");
        }
        else if (terms.Count > Math.Max(120, 8 * concepts.Count))
        {
            penalty *= 0.8;
            flags.Add("too_long");
        }

        var score = Math.Clamp(10 * combine(lexical, similarity) * penalty, 0, 10);
        if (injected) score /= 2;
        var strengths = concepts.Keys.Where(stated.Contains).ToList();
        var gaps = concepts.Keys.Where(k => !stated.Contains(k)).ToList();
        return (new AnswerScore(Math.Round(score, 1), Math.Round(coverage, 2), strengths, gaps, flags,
            Rationale(coverage, similarity, strengths, negated, contradictions, flags), similarity is { } s2 ? Math.Round(s2, 3) : null), lexical, similarity, penalty);
    }

    /// <summary>
    /// Four or more terms and not one function word, or the rubric's keywords repeated: a list, not a sentence. (Stricter than
    /// the whole-answer check below, so a terse real sentence such as "Damit eine Anfrage nicht zweimal abbucht" is kept.)
    /// </summary>
    private static bool IsList(string sentence, HashSet<string> keywordTerms)
    {
        var terms = AnswerText.Terms(sentence);
        var spaced = AnswerText.Words(sentence).Where(w => !AnswerText.IsCjk(w[0])).ToList();
        return terms.Count >= 4 && (spaced.Count >= 4 && !spaced.Any(AnswerText.IsStopWord)
            || terms.Count(keywordTerms.Contains) >= 0.75 * terms.Count && terms.Distinct().Count() < 0.6 * terms.Count);
    }

    private static bool LacksFunctionWords(List<string> words)
    {
        // Chinese, Japanese and Korean are split into character pairs and have no stop list to measure against.
        var spaced = words.Where(w => !AnswerText.IsCjk(w[0])).ToList();
        return spaced.Count >= 3 && spaced.Count(AnswerText.IsStopWord) / (double)spaced.Count < 0.15;
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
        foreach (var (x, y) in EvaluatorCues.Antonyms)
        {
            string? expected = concepts.ContainsKey(x) && !concepts.ContainsKey(y) ? x : concepts.ContainsKey(y) && !concepts.ContainsKey(x) ? y : null;
            if (expected is null) continue;
            var opposite = expected == x ? y : x;
            if (said.Any(t => t.StartsWith(opposite, StringComparison.Ordinal)) && !said.Contains(expected)) found.Add($"{opposite} instead of {expected}");
        }
        return found;
    }

    private static string Rationale(double coverage, double? similarity, List<string> strengths, HashSet<string> negated, List<string> contradictions, List<string> flags)
    {
        var parts = new List<string> { $"Covers {coverage:P0} of the expected concepts" + (strengths.Count > 0 ? $" ({string.Join(", ", strengths.Take(6))})." : ".") };
        if (similarity is { } sim) parts.Add($"Meaning similarity to the expected answer {sim:F2} (MiniLM).");
        if (negated.Count > 0) parts.Add($"Denies expected points: {string.Join(", ", negated.Take(4))}.");
        if (contradictions.Count > 0) parts.Add($"Contradicts the expected answer: {string.Join("; ", contradictions)}.");
        if (flags.Contains("keyword_stuffing")) parts.Add("Lists terms without explaining them.");
        if (flags.Contains("too_short")) parts.Add("Too short to show understanding.");
        if (flags.Contains("injection_attempt")) parts.Add("Contains text addressed to the evaluator; ignored and penalised, flagged for review.");
        return string.Join(' ', parts);
    }

}

/// <summary>One answer's offline score (0–10) and why.</summary>
public sealed record AnswerScore(double Score, double Coverage, IReadOnlyList<string> Strengths, IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Flags, string Rationale, double? Similarity = null);
