using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>
/// Deepgram's <c>POST /v1/speak</c> on a real Kestrel at 127.0.0.1: it checks the Token header, the query
/// (model, linear16, 24000 Hz, no container) and the JSON body the way Deepgram does, answering 401/400 with
/// Deepgram's error JSON, and otherwise runs the test's <see cref="Respond"/>.
/// </summary>
internal sealed class FakeDeepgram : IAsyncDisposable
{
    public const string ApiKey = "fake-deepgram-key";

    private readonly WebApplication _app;
    private int _requests;

    private FakeDeepgram(WebApplication app) => _app = app;

    /// <summary>What the fake does with a well-formed request; by default it speaks <see cref="Audio"/> in four flushed writes.</summary>
    public Func<HttpContext, SpeakRequest, Task> Respond { get; set; } = (context, _) => SpeakAsync(context, Audio(24_000));

    public string BaseUrl => _app.Urls.Single();

    /// <summary>Requests that reached <c>/v1/speak</c>, well-formed or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentQueue<SpeakRequest> Seen { get; } = new();

    /// <summary>Completes when a request's connection is aborted before its answer was complete.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeDeepgram> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDeepgram(app);
        app.MapPost("/v1/speak", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        context.RequestAborted.Register(() => Aborted.TrySetResult());
        if (context.Request.Headers.Authorization != $"Token {ApiKey}")
        {
            await ErrorAsync(context, 401, "INVALID_AUTH", "Invalid credentials.");
            return;
        }
        var query = context.Request.Query;
        string? text = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            text = body.RootElement.GetProperty("text").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }
        if (text is null || string.IsNullOrEmpty(query["model"]) || context.Request.ContentType?.StartsWith("application/json") != true)
        {
            await ErrorAsync(context, 400, "Bad Request", "The request body must be JSON with a text field, and a model is required.");
            return;
        }
        var request = new SpeakRequest(query["model"]!, query["encoding"]!, query["sample_rate"]!, query["container"]!, text);
        Seen.Enqueue(request);
        await Respond(context, request);
    }

    /// <summary>A 200 with Deepgram's headers, then <paramref name="audio"/> in <paramref name="writes"/> flushed writes; <paramref name="between"/> runs after each.</summary>
    public static async Task SpeakAsync(HttpContext context, byte[] audio, int writes = 4, Func<int, Task>? between = null)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "audio/l16";
        context.Response.Headers["dg-model-name"] = context.Request.Query["model"];
        context.Response.Headers["dg-request-id"] = Guid.NewGuid().ToString();
        var size = (audio.Length + writes - 1) / writes;
        for (var i = 0; i * size < audio.Length; i++)
        {
            await context.Response.Body.WriteAsync(audio.AsMemory(i * size, Math.Min(size, audio.Length - i * size)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (between is not null) await between(i);
        }
    }

    public static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { err_code = code, err_msg = message, request_id = Guid.NewGuid() });
    }

    /// <summary>A 440 Hz tone as 16-bit little-endian PCM at 24 kHz: <paramref name="samples"/> samples.</summary>
    public static byte[] Audio(int samples)
    {
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 24_000));
            pcm[2 * i] = (byte)value;
            pcm[2 * i + 1] = (byte)(value >> 8);
        }
        return pcm;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record SpeakRequest(string Model, string Encoding, string SampleRate, string Container, string Text);
