using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Turns answer text into comparable terms in a language-aware way: Unicode word boundaries, accents folded,
/// stop words of the platform's main languages dropped, a light suffix strip so "threads" meets "thread", and
/// character bigrams for scripts written without spaces (Chinese, Japanese).
/// </summary>
public static partial class AnswerText
{
    private static readonly HashSet<string> _stopWords = new(StringComparer.Ordinal)
    {
        // en
        "a", "an", "the", "and", "or", "but", "if", "then", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "as", "is", "are",
        "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there", "their", "they", "them", "you", "your",
        "we", "our", "i", "me", "my", "he", "she", "his", "her", "so", "do", "does", "did", "can", "could", "should", "would", "will", "may",
        "might", "must", "has", "have", "had", "which", "what", "when", "where", "who", "how", "why", "than", "also", "just", "very", "such",
        "about", "each", "other", "some", "any", "all", "more", "most", "only", "same", "both", "through", "over", "up", "out", "because",
        "while", "like", "use", "used", "using", "uses", "get", "gets", "make", "makes", "thing", "things", "way", "basically", "really",
        // es
        "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "de", "del", "en", "con", "por", "para", "que", "es", "son", "se",
        "su", "sus", "al", "lo", "como", "más", "pero", "cada", "entre",
        // de
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder", "ist", "sind", "mit", "von", "zu",
        "im", "auf", "für", "sich", "es", "wird", "werden", "dass", "nur", "auch", "wie", "bei",
        // fr, pt, it (the common ones)
        "le", "les", "des", "et", "ou", "est", "sont", "pour", "dans", "avec", "une", "qui", "ne", "pas", "um", "uma", "os", "as", "e", "da",
        "do", "das", "dos", "il", "gli", "di", "che", "per", "non",
    };

    /// <summary>Words that turn a statement round; counted near a concept to catch "X is not Y".</summary>
    private static readonly HashSet<string> _negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "nothing", "none", "neither", "nor", "cannot", "cant", "dont", "doesnt", "isnt", "arent", "wont", "without",
        "nunca", "nein", "nicht", "kein", "keine", "jamais", "nao",
    };

    public static bool IsNegation(string word) => _negations.Contains(word);

    public static bool IsStopWord(string word) => _stopWords.Contains(word);

    /// <summary>All words, lower-cased and accent-folded, apostrophes dropped ("doesn't" → "doesnt"), in order.</summary>
    public static List<string> Words(string text)
    {
        var folded = Fold(text.Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal));
        var words = new List<string>();
        foreach (Match m in WordPattern().Matches(folded))
        {
            var w = m.Value;
            if (IsCjk(w[0]))
            {
                // No spaces to split on: overlapping character pairs are the usual stand-in for words.
                for (var i = 0; i + 1 < w.Length; i++) words.Add(w.Substring(i, 2));
                if (w.Length == 1) words.Add(w);
            }
            else words.Add(w);
        }
        return words;
    }

    /// <summary>The content terms of a text: stop words and negations out, light stemming applied.</summary>
    public static List<string> Terms(string text) => Words(text).Where(w => !IsStopWord(w) && !IsNegation(w) && (w.Length > 1 || IsCjk(w[0])))
        .Select(Stem).ToList();

    public static string Stem(string word)
    {
        if (word.Length <= 4 || IsCjk(word[0])) return word;
        foreach (var suffix in (string[])["ations", "ation", "ings", "ing", "ies", "ed", "es", "ly", "s"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
                return suffix == "ies" ? word[..^3] + "y" : word[..^suffix.Length];
        }
        return word;
    }

    public static IEnumerable<string> Sentences(string text) =>
        SentencePattern().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0);

    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        }
        return builder.ToString().Normalize(NormalizationForm.FormC).Replace("ß", "ss", StringComparison.Ordinal);
    }

    private static bool IsCjk(char c) => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff';

    [GeneratedRegex(@"[\p{L}\p{N}_#+]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[.!?。！？;])\s+|\n+")]
    private static partial Regex SentencePattern();
}
