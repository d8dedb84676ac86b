using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// One answer relayed to Deepgram's live <c>/v1/listen</c> WebSocket: audio goes out as binary frames as it arrives
/// (a <c>{"type":"KeepAlive"}</c> text frame when none came for a while, <c>{"type":"CloseStream"}</c> at the end);
/// <c>{"type":"Results", "is_final", "speech_final", "channel": {"alternatives": [{"transcript", "confidence"}]}}</c>
/// messages come back as captions, and the final segments make the transcript. Deepgram answers CloseStream with
/// its last results, a <c>Metadata</c> message and a normal close: only then is the transcript complete.
/// The candidate's upload never waits on this: audio queues here, and a slow or failed connection only costs the captions.
/// </summary>
internal sealed class DeepgramLiveTranscription : ILiveTranscription
{
    /// <summary>Deepgram closes a connection that hears nothing for 10 s; its documentation asks for KeepAlive every 3-5 s.</summary>
    private static readonly TimeSpan _keepAliveAfter = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan _connectTimeout = TimeSpan.FromSeconds(10);

    // About two minutes of MediaRecorder slices: beyond that the connection is not keeping up, and the job will transcribe.
    private readonly Channel<ReadOnlyMemory<byte>> _audio = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<(string Text, double? Confidence, double Duration)> _finals = [];
    private readonly Uri _url;
    private readonly string _model;
    private readonly TimeSpan _finish;
    private readonly Func<TranscriptUpdate, Task> _onUpdate;
    private readonly ILogger _log;
    private Task _run = Task.CompletedTask;
    private volatile bool _failed;
    private bool _metadataSeen;

    private DeepgramLiveTranscription(Uri url, string apiKey, string model, TimeSpan finish, Func<TranscriptUpdate, Task> onUpdate, ILogger log)
    {
        (_url, _model, _finish, _onUpdate, _log) = (url, model, finish, onUpdate, log);
        _socket.Options.SetRequestHeader("Authorization", $"Token {apiKey}");
    }

    public static DeepgramLiveTranscription Start(Uri url, string apiKey, string model, TimeSpan finish, Func<TranscriptUpdate, Task> onUpdate, ILogger log)
    {
        var live = new DeepgramLiveTranscription(url, apiKey, model, finish, onUpdate, log);
        live._run = Task.Run(live.RunAsync);
        return live;
    }

    public bool Send(ReadOnlyMemory<byte> audio)
    {
        if (_failed) return false;
        if (_audio.Writer.TryWrite(audio)) return true;
        Fail("the audio backlog to Deepgram is full");
        return false;
    }

    public async Task<Transcript?> FinishAsync(CancellationToken ct)
    {
        _audio.Writer.TryComplete();
        try
        {
            await _run.WaitAsync(_finish, ct);
        }
        catch (TimeoutException)
        {
            Fail($"Deepgram sent no final result within {_finish.TotalSeconds} s of the end");
        }
        if (_failed || !_metadataSeen) return null;
        var text = string.Join(" ", _finals.Select(f => f.Text));
        var weighed = _finals.Where(f => f.Confidence is not null).ToList();
        var seconds = weighed.Sum(f => f.Duration);
        double? confidence = weighed.Count == 0 ? null
            : seconds > 0 ? weighed.Sum(f => f.Confidence!.Value * f.Duration) / seconds
            : weighed.Average(f => f.Confidence!.Value);
        return new Transcript(text, DeepgramListen.ProviderName, _model, confidence is { } c ? Math.Round(c, 4) : null);
    }

    public async ValueTask DisposeAsync()
    {
        _audio.Writer.TryComplete();
        await _abort.CancelAsync();
        try
        {
            await _run;
        }
        catch (Exception ex)
        {
            _log.LogDebug(ex, "Live transcription ended with an error");
        }
        _socket.Dispose();
        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
            {
                connecting.CancelAfter(_connectTimeout);
                await _socket.ConnectAsync(_url, connecting.Token);
            }
            var receiving = ReceiveAsync();
            await SendAsync();
            await receiving;
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            Fail(ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync()
    {
        var reader = _audio.Reader;
        while (true)
        {
            bool more;
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
            {
                quiet.CancelAfter(_keepAliveAfter);
                try
                {
                    more = await reader.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
                {
                    await SendTextAsync("""{"type":"KeepAlive"}""");
                    continue;
                }
            }
            if (!more) break;
            while (reader.TryRead(out var audio))
            {
                await _socket.SendAsync(audio, WebSocketMessageType.Binary, endOfMessage: true, _abort.Token);
            }
        }
        await SendTextAsync("""{"type":"CloseStream"}""");
    }

    private Task SendTextAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, _abort.Token);

    private async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), _abort.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.CloseStatus is not WebSocketCloseStatus.NormalClosure) Fail($"Deepgram closed the stream: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _abort.Token);
                }
                return;
            }
            buffer.Advance(result.Count);
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Text) await HandleAsync(buffer.WrittenMemory);
            buffer.ResetWrittenCount();
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> message)
    {
        using var json = JsonDocument.Parse(message);
        var root = json.RootElement;
        switch (root.TryGetProperty("type", out var type) ? type.GetString() : null)
        {
            case "Results":
                var alternative = root.GetProperty("channel").GetProperty("alternatives")[0];
                var text = alternative.GetProperty("transcript").GetString() ?? "";
                var isFinal = root.TryGetProperty("is_final", out var f) && f.ValueKind == JsonValueKind.True;
                if (text.Length == 0) return;
                if (isFinal)
                {
                    var confidence = alternative.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : (double?)null;
                    var duration = root.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : 0;
                    _finals.Add((text, confidence, duration));
                }
                try
                {
                    await _onUpdate(new TranscriptUpdate(text, isFinal));
                }
                catch (Exception ex)
                {
                    _log.LogDebug(ex, "A caption could not be passed on");
                }
                return;
            case "Metadata":
                _metadataSeen = true;
                return;
            case "Error":
                Fail($"Deepgram reported an error: {root.GetRawText()}");
                return;
        }
    }

    private void Fail(string reason)
    {
        if (_failed) return;
        _failed = true;
        _log.LogWarning("Live transcription failed ({Reason}); the recording will be transcribed from storage", reason);
    }
}
