using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace InterviewPlatform.Shared.Documents;

/// <summary>Text for the AI features, or why there is none. <see cref="Text"/> is trimmed and capped.</summary>
public sealed record ExtractedText(string? Text, bool Failed, string? Error)
{
    public static ExtractedText Failure(string error) => new(null, true, error);
}

/// <summary>
/// Reads the text out of a stored upload. A document that cannot be read is kept and flagged, never an error:
/// the recruiter still has the file, only the AI features go without.
/// </summary>
public sealed class TextExtractor
{
    /// <summary>What the evaluator uses of a resume or JD, and so what is stored.</summary>
    public const int MaxChars = 100_000;

    // Enough to survive trimming leading whitespace without holding a whole 100 MiB text in memory.
    private const int ReadChars = 2 * MaxChars;

    /// <summary>Throws <see cref="UnsupportedUploadException"/> for <paramref name="field"/> when a DOCX turns out to be a zip bomb.</summary>
    public ExtractedText Extract(string fullPath, DocumentKind kind, string field = "file")
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        if (kind == DocumentKind.Doc) return ExtractedText.Failure("legacy .doc text extraction is not supported");
        string text;
        try
        {
            text = kind switch
            {
                DocumentKind.Pdf => Pdf(fullPath),
                DocumentKind.Docx => WordText.Read(fullPath, ReadChars),
                _ => Utf8(fullPath),
            };
        }
        catch (ZipBombException bomb)
        {
            throw new UnsupportedUploadException(field, bomb.Message);
        }
        catch (Exception ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException))
        {
            // A missing or unreadable file is an operations problem and must not be recorded as a bad document.
            return ExtractedText.Failure($"could not read the {kind.Extension()} file: {FirstLine(ex.Message)}");
        }

        text = text.Trim();
        if (text.Length == 0) return ExtractedText.Failure(kind == DocumentKind.Pdf ? "no text layer" : "no text");
        return new ExtractedText(Cap(text), false, null);
    }

    private static string Pdf(string path)
    {
        using var document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            // Content order keeps words and lines apart, where page.Text runs them together.
            text.Append(ContentOrderTextExtractor.GetText(page)).Append('\n');
            if (text.Length > ReadChars) break;
        }
        return text.ToString();
    }

    private static string Utf8(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[(int)Math.Min(new FileInfo(path).Length, ReadChars)];
        return new string(buffer, 0, reader.ReadBlock(buffer));
    }

    private static string Cap(string text)
    {
        if (text.Length <= MaxChars) return text;
        var end = char.IsHighSurrogate(text[MaxChars - 1]) ? MaxChars - 1 : MaxChars;
        return text[..end].TrimEnd();
    }

    private static string FirstLine(string message)
    {
        var line = message.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0) line = line[..newline];
        return (line.Length > 200 ? line[..200] : line).ToString();
    }
}
