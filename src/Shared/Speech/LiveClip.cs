using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// A clip being synthesised: its chunks so far, kept in memory for the listeners who follow it, and the pump
/// that reads the provider, hands each chunk to them first, then appends it to a temporary file. A clip is a
/// few hundred KiB, and listeners who arrive after it is stored read the file instead.
/// </summary>
internal sealed class LiveClip(SpeechCache cache, string key)
{
    private readonly SpeechCache _cache = cache;
    private readonly Lock _chunksLock = new();
    private readonly List<ReadOnlyMemory<byte>> _chunks = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExceptionDispatchInfo? _error;
    private volatile bool _finished;

    public string Key { get; } = key;

    /// <summary>Guarded by the cache's lock.</summary>
    public int Listeners { get; set; }

    public bool IsFinished => _finished;

    public ClipReader Listen()
    {
        Listeners++;
        return new Reader(this);
    }

    public void Start(Func<CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> synthesize) =>
        _ = Task.Run(() => PumpAsync(synthesize));

    public void Abort() => _abort.Cancel();

    private async Task PumpAsync(Func<CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> synthesize)
    {
        var path = _cache.PathOf(Key);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await foreach (var chunk in synthesize(_abort.Token).WithCancellation(_abort.Token))
                {
                    if (chunk.IsEmpty) continue;
                    Publish(chunk);
                    await file.WriteAsync(chunk, _abort.Token);
                }
                if (!_ready.Task.IsCompleted) throw new SpeechSynthesisException("the provider returned no audio");
            }
            File.Move(temp, path, overwrite: true);
            _cache.Forget(this);
            Finish(null);
        }
        catch (Exception e)
        {
            TryDelete(temp);
            _cache.Forget(this);
            if (_abort.IsCancellationRequested) _cache.Log.LogDebug("Speech synthesis {Key} abandoned by its listeners", Key);
            // A read that stalled past its time is cancelled by the provider itself, not by a listener.
            else if (e is OperationCanceledException) e = new TimeoutException("the provider stopped sending audio", e);
            Finish(e);
        }
    }

    /// <summary>The chunks from <paramref name="index"/> on, whether the clip is finished, and what completes when either changes.</summary>
    private (List<ReadOnlyMemory<byte>> Chunks, bool Finished, Task Changed) After(int index)
    {
        lock (_chunksLock)
        {
            return (_chunks.GetRange(index, _chunks.Count - index), _finished, _changed.Task);
        }
    }

    private void Publish(ReadOnlyMemory<byte> chunk)
    {
        TaskCompletionSource changed;
        lock (_chunksLock)
        {
            _chunks.Add(chunk);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _ready.TrySetResult();
        changed.TrySetResult();
    }

    private void Finish(Exception? error)
    {
        TaskCompletionSource changed;
        lock (_chunksLock)
        {
            if (error is not null) _error = ExceptionDispatchInfo.Capture(error);
            _finished = true;
            changed = _changed;
        }
        if (error is null) _ready.TrySetResult();
        else if (_ready.TrySetException(error)) _ = _ready.Task.Exception; // seen here: nobody may be waiting any more
        changed.TrySetResult();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind, a .tmp file is never read: clips are found by their final name only.
        }
    }

    private sealed class Reader(LiveClip clip) : ClipReader
    {
        private int _left;

        public override bool FromStorage => false;

        public override Task Ready => clip._ready.Task;

        public override async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
        {
            try
            {
                var next = 0;
                while (true)
                {
                    var (available, finished, changed) = clip.After(next);
                    next += available.Count;
                    foreach (var chunk in available) yield return chunk;
                    if (available.Count > 0) continue;
                    if (finished)
                    {
                        clip._error?.Throw();
                        yield break;
                    }
                    await changed.WaitAsync(ct);
                }
            }
            finally
            {
                await DisposeAsync();
            }
        }

        public override ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) clip._cache.Leave(clip);
            return ValueTask.CompletedTask;
        }
    }
}
