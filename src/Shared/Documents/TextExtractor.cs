using System.Text;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace InterviewPlatform.Shared.Documents;

public sealed record ExtractedText(string? Text, bool Failed, string? Error);

/// <summary>Text for the AI features; a file that cannot be read is kept and flagged, never an error.</summary>
public sealed class TextExtractor
{
    public const int MaxChars = 200_000;

    public ExtractedText Extract(string fullPath, DocumentKind kind)
    {
        try
        {
            var text = kind switch
            {
                DocumentKind.Pdf => Pdf(fullPath),
                DocumentKind.Docx => Docx(fullPath),
                DocumentKind.Text => File.ReadAllText(fullPath, Encoding.UTF8),
                _ => null,
            };
            if (text is null) return new ExtractedText(null, true, "legacy .doc text extraction is not supported");
            text = text.Trim();
            if (text.Length == 0) return new ExtractedText(null, true, kind == DocumentKind.Pdf ? "no text layer" : "no text");
            return new ExtractedText(text.Length > MaxChars ? text[..MaxChars] : text, false, null);
        }
        catch (Exception ex)
        {
            return new ExtractedText(null, true, $"could not read the file ({ex.GetType().Name})");
        }
    }

    private static string Pdf(string path)
    {
        using var document = PdfDocument.Open(path);
        return string.Join('\n', document.GetPages().Select(p => p.Text));
    }

    private static string Docx(string path)
    {
        using var document = WordprocessingDocument.Open(path, isEditable: false);
        var body = document.MainDocumentPart?.Document?.Body;
        return body is null ? "" : string.Join('\n', body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }
}
