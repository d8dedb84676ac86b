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
    private static readonly HashSet<string> _stopWords = Folded(
    [
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
        "im", "auf", "für", "sich", "es", "wird", "werden", "dass", "nur", "auch", "wie", "bei", "er", "sie", "wir", "ich", "du", "wenn", "ob",
        "noch", "aber", "kann", "können", "man", "dann", "so", "zum", "zur", "vom", "am", "hat", "haben", "als", "was", "wo", "um", "an", "aus",
        "nach", "vor", "über", "unter", "durch", "diese", "dieser", "dieses", "jede", "jeder", "mehr", "sehr", "schon", "da", "hier",
        // fr, pt, it (the common ones)
        "le", "les", "des", "et", "ou", "est", "sont", "pour", "dans", "avec", "une", "qui", "ne", "pas", "il", "elle", "on", "en", "au", "aux",
        "du", "ce", "cette", "ces", "sur", "par", "si", "plus", "sa", "son", "ses", "leur", "quand", "comme", "mais", "lui", "nous", "vous",
        "ya", "muy", "cuando", "este", "esta", "esto", "ese", "esa", "tambien", "hay", "puede", "ma", "anche", "quando", "come", "questo",
        "quello", "ha", "hanno", "piu", "ou", "mas", "quando", "este", "esta", "isso", "tem", "pode", "um", "uma", "os", "as", "e", "da",
        "do", "das", "dos", "il", "gli", "di", "che", "per", "non", "la", "sono", "della", "del", "nel", "con", "una", "lo", "ao", "na", "no",
        "em", "se", "mais", "com", "por", "ser", "sao",
        // ru (after folding, й → и)
        "и", "в", "во", "на", "с", "со", "по", "к", "у", "о", "об", "из", "за", "для", "от", "до", "это", "как", "что", "чтобы", "или", "а",
        "но", "же", "он", "она", "оно", "они", "его", "ее", "их", "при", "так", "то", "все", "только", "может", "можно", "есть", "когда",
        // hi (after folding: nuqta and some vowel signs are dropped, consistently on both sides)
        "ह", "है", "हैं", "का", "की", "के", "को", "में", "से", "और", "या", "एक", "यह", "वह", "पर", "भी", "तो", "जो", "कि", "लिए", "होता",
        "होती", "होते", "करता", "करती", "करते", "जब", "तक", "इस", "उस",
        // ar
        "في", "من", "على", "الى", "إلى", "عن", "و", "او", "أو", "ان", "أن", "إن", "هو", "هي", "هذا", "هذه", "ذلك", "التي", "الذي", "مع", "كل",
        "ما", "كما", "حتى", "عند", "بين", "كان", "يكون", "تكون", "ثم", "قد",
    ]);

    /// <summary>Words that turn a statement round; counted near a concept to catch "X is not Y".</summary>
    private static readonly HashSet<string> _negations = Folded(
    [
        "not", "no", "never", "nothing", "none", "neither", "nor", "cannot", "cant", "dont", "doesnt", "isnt", "arent", "wont", "without",
        "nunca", "nein", "nicht", "kein", "keine", "jamais", "nao", "pas", "non", "mai", "nessun", "sin", "sans", "ohne", "sem", "senza",
        "не", "нет", "никогда", "без", "नही", "नहीं", "न", "कभी", "बिना", "لا", "ليس", "لم", "لن", "غير", "بدون",
    ]);

    /// <summary>
    /// Chinese and Japanese are left out on purpose: their negation is a character inside words ("不可变" is the concept
    /// "immutable", not a denial), which character pairs cannot tell apart.
    /// </summary>
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
        // Russian inflects by ending and Arabic prefixes the article: a prefix/truncation stem lets both sides meet.
        if (word[0] is >= '\u0400' and <= '\u04ff') return word.Length > 6 ? word[..6] : word;
        if (word[0] is >= '\u0600' and <= '\u06ff') return word.StartsWith("ال", StringComparison.Ordinal) && word.Length > 4 ? word[2..] : word;
        foreach (var suffix in (string[])["ations", "ation", "ings", "ing", "ies", "ed", "es", "ly", "s"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
                return suffix == "ies" ? word[..^3] + "y" : word[..^suffix.Length];
        }
        return word;
    }

    /// <summary>Whether most letters are Latin script (accents included): the languages MiniLM's vocabulary covers.</summary>
    public static bool MostlyLatin(string text)
    {
        int latin = 0, letters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c < '\u0250') latin++;
        }
        return letters > 0 && latin >= 0.8 * letters;
    }

    public static IEnumerable<string> Sentences(string text) =>
        SentencePattern().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0);

    /// <summary>The lists are written as people spell the words; matching happens after folding.</summary>
    private static HashSet<string> Folded(string[] words) => words.Select(Fold).ToHashSet(StringComparer.Ordinal);

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

    /// <summary>Scripts written without spaces between words (and Korean, whose particles attach to the word): split into pairs.</summary>
    public static bool IsCjk(char c) => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff' or >= '\uac00' and <= '\ud7af';

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}_#+]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[.!?;।؟])\s+|(?<=[。！？])|\n+")]
    private static partial Regex SentencePattern();
}
