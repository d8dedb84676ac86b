using System.Runtime.CompilerServices;

namespace InterviewPlatform.Shared.Speech;

internal static class PcmChunks
{
    /// <summary>
    /// Passes on what each read of <paramref name="source"/> returns, as soon as it returns it, cut to whole
    /// frames (a half sample waits for its other byte) and to at most <paramref name="maxBytes"/>.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(Stream source, int frameBytes, int maxBytes,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[maxBytes];
        var filled = 0;
        while (true)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0) yield break; // a trailing half frame is dropped: it is no sound
            filled += read;
            var whole = filled - filled % frameBytes;
            if (whole == 0) continue;
            yield return buffer.AsMemory(0, whole).ToArray();
            buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
            filled -= whole;
        }
    }
}
