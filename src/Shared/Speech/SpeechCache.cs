using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Clips by content: the SHA-256 of (provider, voice, format, text) names a file under TTS_CACHE_DIR, so a
/// question heard by a thousand candidates is synthesised once. The first listener of a missing clip starts
/// its synthesis; everyone who asks for it meanwhile follows the same one, from its first chunk, while it is
/// also written to a temporary file that is renamed into place only when complete.
/// </summary>
internal sealed class SpeechCache(IOptions<SpeechOptions> options, ILogger<SpeechCache> log)
{
    private readonly string _root = options.Value.CacheDirectory;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveClip> _live = [];

    public static string Key(SpeechProvider provider, string voice, AudioFormat format, string text)
    {
        // Newlines cannot occur in the first three parts, so the text, last, cannot be confused with them.
        var material = Encoding.UTF8.GetBytes($"{provider}\n{voice}\n{format}\n{text}");
        return Convert.ToHexStringLower(SHA256.HashData(material));
    }

    public string PathOf(string key) => Path.Combine(_root, key[..2], key + ".pcm");

    /// <summary>
    /// The clip from storage, else the synthesis of it under way, else a new one started with
    /// <paramref name="synthesize"/> (given a token that fires when its last listener leaves).
    /// </summary>
    public ClipReader Open(string key, Func<CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> synthesize)
    {
        lock (_gate)
        {
            // Live first: a clip is renamed into place before it leaves _live, so between the two checks none is missed.
            if (_live.TryGetValue(key, out var live)) return live.Listen();
            if (TryOpenStored(key) is { } stored) return new StoredClipReader(stored);
            live = new LiveClip(this, key);
            _live[key] = live;
            var reader = live.Listen();
            live.Start(synthesize);
            return reader;
        }
    }

    private FileStream? TryOpenStored(string key)
    {
        try
        {
            return new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Takes a listener off <paramref name="clip"/>; the last one to leave an unfinished clip cancels its synthesis.</summary>
    internal void Leave(LiveClip clip)
    {
        lock (_gate)
        {
            if (--clip.Listeners > 0 || clip.IsFinished) return;
            Forget(clip);
        }
        clip.Abort();
    }

    /// <summary>Removes <paramref name="clip"/> from the live set (if it is still the live one for its key), so the next listener starts afresh or finds the file.</summary>
    internal void Forget(LiveClip clip)
    {
        lock (_gate)
        {
            if (_live.TryGetValue(clip.Key, out var current) && ReferenceEquals(current, clip)) _live.Remove(clip.Key);
        }
    }

    internal ILogger Log => log;
}
