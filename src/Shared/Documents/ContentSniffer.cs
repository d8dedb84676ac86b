using System.Text;
using DocumentFormat.OpenXml.Packaging;

namespace InterviewPlatform.Shared.Documents;

/// <summary>
/// Decides what an upload is from its bytes as they stream past: magic numbers in the first 8 KiB, strict UTF-8
/// for text. So a renamed executable is refused after its first chunk rather than after its whole body.
/// </summary>
internal sealed class ContentSniffer(string field)
{
    public const int HeadBytes = 8192;
    public const string UnknownContent = "content is not PDF, DOCX, DOC or UTF-8 text";

    private readonly byte[] _head = new byte[HeadBytes];
    private int _headLength;

    // Fed every byte while the upload may be text, so a character cut by a read (or by the 8 KiB mark) is judged whole.
    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _chars = new char[4096];
    private bool _maybeText = true;

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];
    private static ReadOnlySpan<byte> Ole2Magic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The kind the first 8 KiB point to. A DOCX is only "a ZIP" until <see cref="IsWordPackage"/> says more.</summary>
    public DocumentKind? Kind { get; private set; }

    /// <summary>Takes the next chunk; true when this chunk settled <see cref="Kind"/>. Throws as soon as the content is refused.</summary>
    public bool Append(ReadOnlySpan<byte> chunk)
    {
        var take = Math.Min(chunk.Length, HeadBytes - _headLength);
        chunk[..take].CopyTo(_head.AsSpan(_headLength));
        _headLength += take;

        if (_maybeText && (Kind is null or DocumentKind.Text)) _maybeText = IsUtf8(chunk, flush: false);
        if (Kind == DocumentKind.Text && !_maybeText) throw Refuse(UnknownContent);
        if (Kind is not null || _headLength < HeadBytes) return false;
        Kind = Classify();
        return true;
    }

    /// <summary>The kind once the stream has ended, for uploads shorter than 8 KiB and text that must end on a whole character.</summary>
    public DocumentKind Finish()
    {
        if (_maybeText && (Kind is null or DocumentKind.Text)) _maybeText = IsUtf8([], flush: true);
        if (Kind == DocumentKind.Text && !_maybeText) throw Refuse(UnknownContent);
        return Kind ??= Classify();
    }

    /// <summary>Any ZIP starts with PK; only a package Word itself would open counts as DOCX.</summary>
    public static bool IsWordPackage(string path)
    {
        try
        {
            using var document = WordprocessingDocument.Open(path, isEditable: false);
            return document.MainDocumentPart is not null;
        }
        catch (Exception)
        {
            // Broken ZIPs and foreign packages fail in many ways (FileFormatException, InvalidDataException,
            // OpenXmlPackageException...); every one of them means "not a Word document".
            return false;
        }
    }

    private UnsupportedUploadException Refuse(string reason) => new(field, reason);

    private DocumentKind Classify()
    {
        var head = _head.AsSpan(0, _headLength);
        if (head.StartsWith(PdfMagic)) return DocumentKind.Pdf;
        if (head.StartsWith(ZipMagic)) return DocumentKind.Docx;
        if (head.StartsWith(Ole2Magic)) return DocumentKind.Doc;
        if (_maybeText) return DocumentKind.Text;
        throw Refuse(UnknownContent);
    }

    private bool IsUtf8(ReadOnlySpan<byte> bytes, bool flush)
    {
        // Valid UTF-8 may contain NUL, but text a person wrote does not, and binary formats are full of them.
        if (bytes.Contains((byte)0)) return false;
        try
        {
            do
            {
                _utf8.Convert(bytes, _chars, flush, out var used, out _, out _);
                bytes = bytes[used..];
            }
            while (!bytes.IsEmpty);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
