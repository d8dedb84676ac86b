using System.Text.Json;
using InterviewPlatform.Shared.Configuration;

namespace InterviewPlatform.Shared.Interviews;

/// <summary>
/// The offline question bank shipped with the product (v7's 8 domains × 3 difficulties). It serves
/// DYNAMIC interviews when no AI generator is configured.
/// </summary>
public sealed class QuestionBank
{
    public static readonly string[] Difficulties = ["easy", "medium", "hard"];

    private readonly Lazy<Dictionary<string, Dictionary<string, BankQuestion[]>>> _bank = new(Load);

    private Dictionary<string, Dictionary<string, BankQuestion[]>> Bank => _bank.Value;

    public IReadOnlyCollection<string> Domains => Bank.Keys;

    public IReadOnlyList<BankQuestion> Questions(string domain, string difficulty) =>
        Bank.TryGetValue(domain, out var byDifficulty) && byDifficulty.TryGetValue(difficulty, out var questions) ? questions : [];

    /// <summary>
    /// A mixed set for one interview (2 easy, 2 medium, 1 hard by default), chosen with <paramref name="seed"/>
    /// so the same interview always gets the same questions. An unknown (free-text) domain gets null.
    /// </summary>
    public IReadOnlyList<BankQuestion>? Pick(string domain, int seed, int easy = 2, int medium = 2, int hard = 1)
    {
        if (!Bank.ContainsKey(domain)) return null;
        var random = new Random(seed);
        return [.. Take("easy", easy), .. Take("medium", medium), .. Take("hard", hard)];

        IEnumerable<BankQuestion> Take(string difficulty, int count) =>
            Questions(domain, difficulty).OrderBy(_ => random.Next()).Take(count);
    }

    private static Dictionary<string, Dictionary<string, BankQuestion[]>> Load()
    {
        using var stream = typeof(QuestionBank).Assembly.GetManifestResourceStream("InterviewPlatform.Shared.Interviews.QuestionBank.question-bank.json")
            ?? throw new InvalidOperationException("The question bank resource is missing from the build");
        var file = JsonSerializer.Deserialize<BankFile>(stream, PlatformHosting.JsonOptions)!;
        return file.Domains.ToDictionary(d => d.Domain, d => d.Difficulties.ToDictionary(x => x.Difficulty, x => x.Questions), StringComparer.OrdinalIgnoreCase);
    }

    private sealed record BankFile(int Version, BankDomain[] Domains);

    private sealed record BankDomain(string Domain, BankDifficulty[] Difficulties);

    private sealed record BankDifficulty(string Difficulty, BankQuestion[] Questions);
}

public sealed record BankQuestion(
    string Text, string ExpectedAnswer, List<string> Keywords, QuestionKind Kind, int TimeLimitSeconds,
    string? Language = null, string? StarterCode = null) : IQuestion
{
    string? IQuestion.ExpectedAnswer => ExpectedAnswer;
    string? IQuestion.CodeLanguage => Language;
}
