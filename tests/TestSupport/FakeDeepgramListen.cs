using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.TestSupport;

/// <summary>
/// Deepgram's <c>/v1/listen</c> on a real Kestrel at 127.0.0.1, both ways Deepgram offers it: the live WebSocket
/// (binary audio in; <c>Results</c> messages with <c>is_final</c>/<c>speech_final</c> out; <c>KeepAlive</c> and
/// <c>CloseStream</c> text messages; <c>Metadata</c> and a normal close at the end) and the pre-recorded POST (its JSON
/// of metadata and results/channels/alternatives). It checks the <c>Token</c> header and the model and language the
/// way Deepgram does. What it "hears" is the audio's bytes read as UTF-8 text, so a test's recording decides its
/// transcript and nothing is canned.
/// </summary>
public sealed class FakeDeepgramListen : IAsyncDisposable
{
    public const string ApiKey = "fake-deepgram-key";
    public const double Confidence = 0.93;
    public const double PrerecordedConfidence = 0.87;

    private readonly WebApplication _app;

    private FakeDeepgramListen(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.Single();

    /// <summary>Refuse the live WebSocket upgrade with a 503 (as during an outage); the pre-recorded POST still works.</summary>
    public bool LiveDown { get; set; }

    /// <summary>Cut live connections after their first utterance's results, without a close handshake (a dropped connection).</summary>
    public bool LiveDropsMidStream { get; set; }

    /// <summary>Answer the pre-recorded POST with a 500.</summary>
    public bool PrerecordedDown { get; set; }

    /// <summary>
    /// What the fake hears in audio that is not text (a browser's real recording, which it cannot understand): each live
    /// connection that receives such audio takes the next script, and each audio message speaks its next utterance
    /// until the script runs out. A connection that finds the queue empty hears nothing.
    /// </summary>
    public ConcurrentQueue<string[]> Scripts { get; } = new();

    /// <summary>How long an utterance's interim result stands before its final one (zero: back to back), so a page can be seen showing it.</summary>
    public TimeSpan InterimHold { get; set; }

    /// <summary>How long the fake takes to answer CloseStream (its last results and Metadata), as a slow final pass would.</summary>
    public TimeSpan CloseStreamDelay { get; set; }

    /// <summary>The query strings of live connections and pre-recorded requests that passed the auth check.</summary>
    public ConcurrentQueue<IQueryCollection> LiveRequests { get; } = new();

    public ConcurrentQueue<(IQueryCollection Query, string? ContentType, int Bytes)> PrerecordedRequests { get; } = new();

    /// <summary>Control messages received on live connections ("KeepAlive", "CloseStream").</summary>
    public ConcurrentQueue<string> ControlMessages { get; } = new();

    public static async Task<FakeDeepgramListen> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDeepgramListen(app);
        app.UseWebSockets();
        app.Map("/v1/listen", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != $"Token {ApiKey}")
        {
            await ErrorAsync(context, 401, "INVALID_AUTH", "Invalid credentials.");
            return;
        }
        if (string.IsNullOrEmpty(context.Request.Query["model"]) || string.IsNullOrEmpty(context.Request.Query["language"]))
        {
            await ErrorAsync(context, 400, "Bad Request", "model and language are required by this fake.");
            return;
        }
        if (context.WebSockets.IsWebSocketRequest)
        {
            if (LiveDown)
            {
                await ErrorAsync(context, 503, "SERVICE_UNAVAILABLE", "Live transcription is unavailable.");
                return;
            }
            LiveRequests.Enqueue(context.Request.Query);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await LiveAsync(socket, context.Request.Query["model"]!, context.RequestAborted);
            if (LiveDropsMidStream)
            {
                await Task.Delay(300); // an abort resets the connection: let the results sent before it be read first
                context.Abort();
            }
        }
        else if (HttpMethods.IsPost(context.Request.Method))
        {
            await PrerecordedAsync(context);
        }
        else context.Response.StatusCode = 405;
    }

    private async Task LiveAsync(WebSocket socket, string model, CancellationToken ct)
    {
        var requestId = Guid.NewGuid();
        var heard = new StringBuilder();
        var start = 0.0;
        string[]? script = null;
        var spoken = 0;
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Text)
            {
                var type = JsonDocument.Parse(message.ToArray()).RootElement.GetProperty("type").GetString()!;
                ControlMessages.Enqueue(type);
                if (type != "CloseStream") continue;
                await Task.Delay(CloseStreamDelay, ct);
                await SendAsync(socket, new
                {
                    type = "Metadata",
                    transaction_key = "deprecated",
                    request_id = requestId,
                    sha256 = "0",
                    created = DateTimeOffset.UtcNow,
                    duration = start,
                    channels = 1,
                    models = new[] { requestId },
                    model_info = new Dictionary<string, object> { [requestId.ToString()] = new { name = $"general-{model}", version = "2025-01-01.0", arch = model } },
                }, ct);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", ct);
                return;
            }

            // Each chunk is one utterance: an interim result while it is "spoken", then the final one.
            // Once a connection has heard real audio it stays a recording: a later chunk of Opus bytes that happens to
            // read as printable UTF-8 (a lone "D") is still sound, not words.
            var words = script is null ? AsText(message.ToArray()) : null;
            if (words is null)
            {
                script ??= Scripts.TryDequeue(out var next) ? next : [];
                if (spoken == script.Length) continue;
                words = script[spoken++];
            }
            if (words.Length == 0) continue;
            heard.Append(words).Append(' ');
            var duration = words.Length / 10.0;
            await SendAsync(socket, Results(requestId, model, words[..Math.Max(1, words.Length / 2)], isFinal: false, start, duration, 0.5), ct);
            await Task.Delay(InterimHold, ct);
            await SendAsync(socket, Results(requestId, model, words, isFinal: true, start, duration, Confidence), ct);
            start += duration;
            if (LiveDropsMidStream) return;
        }
    }

    /// <summary>The audio read as words when it is text (a test's "recording"), else null (real audio: the script speaks).</summary>
    private static string? AsText(byte[] audio)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(audio);
            return text.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)) ? null : text.Trim();
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static object Results(Guid requestId, string model, string transcript, bool isFinal, double start, double duration, double confidence) => new
    {
        type = "Results",
        channel_index = new[] { 0, 1 },
        duration,
        start,
        is_final = isFinal,
        speech_final = isFinal,
        channel = new { alternatives = new[] { new { transcript, confidence, words = Array.Empty<object>() } } },
        metadata = new { request_id = requestId, model_info = new { name = $"general-{model}", version = "2025-01-01.0", arch = model }, model_uuid = requestId },
        from_finalize = false,
    };

    private async Task PrerecordedAsync(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        PrerecordedRequests.Enqueue((context.Request.Query, context.Request.ContentType, (int)body.Length));
        if (PrerecordedDown)
        {
            await ErrorAsync(context, 500, "INTERNAL_SERVER_ERROR", "Something went wrong.");
            return;
        }
        if (context.Request.ContentType?.StartsWith("audio/", StringComparison.Ordinal) != true || body.Length == 0)
        {
            await ErrorAsync(context, 400, "Bad Request", "Bad Request: failed to process audio: corrupt or unsupported data");
            return;
        }
        var model = context.Request.Query["model"].ToString();
        var requestId = Guid.NewGuid();
        var transcript = Encoding.UTF8.GetString(body.ToArray()).Trim();
        await context.Response.WriteAsJsonAsync(new
        {
            metadata = new
            {
                transaction_key = "deprecated",
                request_id = requestId,
                sha256 = "0",
                created = DateTimeOffset.UtcNow,
                duration = transcript.Length / 10.0,
                channels = 1,
                models = new[] { requestId },
                model_info = new Dictionary<string, object> { [requestId.ToString()] = new { name = $"general-{model}", version = "2025-01-01.0", arch = model } },
            },
            results = new
            {
                channels = new[]
                {
                    new { alternatives = new[] { new { transcript, confidence = PrerecordedConfidence, words = Array.Empty<object>() } } },
                },
            },
        });
    }

    private static async Task SendAsync(WebSocket socket, object message, CancellationToken ct) =>
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, ct);

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { err_code = code, err_msg = message, request_id = Guid.NewGuid() });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
