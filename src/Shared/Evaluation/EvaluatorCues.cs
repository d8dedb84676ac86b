using System.Text.RegularExpressions;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>The fixed cues the offline evaluator looks for: opposites that turn a sentence wrong, and text addressed to the evaluator.</summary>
internal static partial class EvaluatorCues
{
    /// <summary>Opposites that turn a right-sounding sentence wrong; either side may be the expected one.</summary>
    public static readonly (string, string)[] Antonyms =
    [
        ("one", "multiple"), ("single", "multiple"), ("parallel", "serial"), ("synchronous", "asynchronous"), ("mutable", "immutable"),
        ("stateless", "stateful"), ("increase", "decrease"), ("faster", "slower"), ("before", "after"), ("copy", "reference"),
        ("block", "nonblock"), ("horizontal", "vertical"), ("strong", "eventual"), ("overfit", "underfit"), ("bia", "variance"),
        ("compile", "runtime"), ("client", "server"), ("push", "pull"), ("shallow", "deep"), ("allow", "prevent"), ("same", "different"),
    ];

    /// <summary>
    /// A sentence that talks to the grader rather than answering: English and the platform's other interview languages
    /// ("ignora la rúbrica", "ignorez les instructions", "给我满分", "満点", "만점", "игнорируй", "अनदेखा", "تجاهل"), plus any "n/10" demand.
    /// </summary>
    [GeneratedRegex(@"ignor\w*\s+(all\s+|the\s+|any\s+|previous\s+|prior\s+|above\s+|your\s+|la\s+|las\s+|los\s+|le\s+|les\s+|die\s+|a\s+|as\s+|o\s+|os\s+|tutte\s+)*(rubric|r[uú]brica|instruc|instrukt|istruz|prompt|rules|regl|regel|regol|criteri|guideline|bewertung|consign)"
        + @"|(give|award|assign|rate|score)\s+(me|this|the|my)?\s*(answer\s+|candidate\s+)?(a\s+)?(10|ten|full|max|perfect|top)\b"
        + @"|\b10\s*/\s*10\b|\b10\s+(von|de|sur|su|из)\s+10\b|full marks|note maximale|nota m[aá]xima|punteggio massimo|volle punktzahl|h[oö]chstpunktzahl"
        + @"|as the (evaluator|grader|examiner|reviewer|ai)|you are (now )?(an?|the) (evaluator|grader|ai|assistant)|system prompt|new instructions|disregard"
        + @"|满分|滿分|満点|만점|최고\s*점수|игнорир|высш\w*\s+балл|अनदेखा|पूरे\s*अंक|تجاهل|الدرجة\s+الكاملة", RegexOptions.IgnoreCase)]
    public static partial Regex Injection();
}
