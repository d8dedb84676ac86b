using System.Runtime.CompilerServices;

namespace InterviewPlatform.Shared.Speech;

/// <summary>One listener's way into a clip: from storage, or following a synthesis under way.</summary>
internal abstract class ClipReader : IAsyncDisposable
{
    /// <summary>True when the clip comes from storage and no provider was asked.</summary>
    public abstract bool FromStorage { get; }

    /// <summary>Completes once the clip has its first chunk; faults when its provider failed before that.</summary>
    public abstract Task Ready { get; }

    public abstract IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}

/// <summary>A stored clip, read in chunks of <see cref="SpeechStream.MaxChunkBytes"/>.</summary>
internal sealed class StoredClipReader(FileStream file) : ClipReader
{
    public override bool FromStorage => true;

    public override Task Ready => Task.CompletedTask;

    public override async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var _ = file;
        while (true)
        {
            var chunk = new byte[SpeechStream.MaxChunkBytes];
            var read = await file.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, ct);
            if (read == 0) yield break;
            yield return chunk.AsMemory(0, read);
            if (read < chunk.Length) yield break;
        }
    }

    public override ValueTask DisposeAsync() => file.DisposeAsync();
}
