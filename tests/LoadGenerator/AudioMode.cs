using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.LoadGenerator;

/// <summary>
/// Time to the first chunk of a question's audio at the hub client (issue 10), with N candidates asking at once:
/// first every candidate's question new to the node's cache (the provider speaks each), then one question all of
/// them share, spoken once beforehand (every stream comes from the cache).
/// </summary>
public static class AudioMode
{
    private const string Question = ": tell us about a system you designed, and what you would change in it today.";

    public static async Task<int> RunAsync(Uri node, int candidates, CancellationToken ct)
    {
        Console.WriteLine($"audio: {candidates} candidates ask for their question's audio at once");
        await using var seeder = Seeder.FromEnvironment();

        // Warm-up, not counted: the node's first streams pay for compiling the path (a miss, then hits of the same clips).
        var warmUp = await seeder.SeedAsync("audio-warm-up", 10, 1, ct);
        await seeder.SetQuestionTextAsync(warmUp.CompanyId, "Warm-up ", perInterview: true, Question, ct);
        await MeasureAsync(node, warmUp.Candidates, ct);
        await MeasureAsync(node, warmUp.Candidates, ct);

        var miss = await seeder.SeedAsync("audio-miss", candidates, 1, ct);
        // Each candidate's own question: the node has never spoken it.
        await seeder.SetQuestionTextAsync(miss.CompanyId, "Miss ", perInterview: true, Question, ct);
        var missed = await MeasureAsync(node, miss.Candidates, ct);
        Console.WriteLine($"cache miss, first chunk: {missed.FirstChunk.Summary()}");
        Console.WriteLine($"cache miss, whole clip: {missed.WholeClip.Summary()}");

        var hit = await seeder.SeedAsync("audio-hit", candidates + 1, 1, ct);
        await seeder.SetQuestionTextAsync(hit.CompanyId, $"Hit {Guid.NewGuid():N}", perInterview: false, Question, ct);
        // One candidate hears it first, so the node has it stored; the rest are timed.
        var warm = await MeasureAsync(node, hit.Candidates.Take(1).ToList(), ct);
        var hits = await MeasureAsync(node, hit.Candidates.Skip(1).ToList(), ct);
        Console.WriteLine($"cache hit, first chunk: {hits.FirstChunk.Summary()} (the warming miss: {warm.FirstChunk.Summary()})");
        Console.WriteLine($"cache hit, whole clip: {hits.WholeClip.Summary()}");

        var errors = missed.Errors.Total + warm.Errors.Total + hits.Errors.Total;
        Console.WriteLine($"errors: {missed.Errors} / {warm.Errors} / {hits.Errors}");
        var pass = errors == 0 && missed.FirstChunk.Count == candidates && hits.FirstChunk.Count == candidates;
        Console.WriteLine(pass ? "result: PASS" : "result: FAIL");
        return pass ? 0 : 1;
    }

    private sealed record Measured(Latencies FirstChunk, Latencies WholeClip, Tally Errors);

    /// <summary>Connects and joins every candidate (untimed), then all ask for question 1's audio at the same moment.</summary>
    private static async Task<Measured> MeasureAsync(Uri node, IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        var measured = new Measured(new Latencies(), new Latencies(), new Tally());
        var connections = candidates.Select(c => Hubs.Candidate(node, c, statefulReconnect: true)).ToList();
        try
        {
            await Task.WhenAll(connections.Select(async connection =>
            {
                await connection.StartAsync(ct);
                await connection.InvokeAsync<object>("Join", ct);
            }));
            using var go = new SemaphoreSlim(0);
            var streams = connections.Select(async connection =>
            {
                await go.WaitAsync(ct);
                var started = Stopwatch.GetTimestamp();
                var chunks = 0;
                try
                {
                    await foreach (var chunk in connection.StreamAsync<byte[]>("StreamQuestionAudio", 1, ct))
                    {
                        if (chunks++ == 0) measured.FirstChunk.AddSince(started);
                    }
                    if (chunks == 0) measured.Errors.Add("StreamQuestionAudio: no audio");
                    else measured.WholeClip.AddSince(started);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    measured.Errors.Add("StreamQuestionAudio", error);
                }
            }).ToList();
            go.Release(connections.Count);
            await Task.WhenAll(streams);
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
        return measured;
    }

    /// <summary>
    /// Deepgram's <c>POST /v1/speak</c> on loopback for the benchmark: waits <paramref name="latency"/> (the provider's time
    /// to first byte), then sends two seconds of 24 kHz 16-bit PCM in ten flushed writes. Runs until cancelled.
    /// </summary>
    public static async Task<int> FakeSpeakAsync(int port, TimeSpan latency, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        var clip = Tone(48_000);
        var requests = 0;
        app.MapPost("/v1/speak", async (HttpContext context) =>
        {
            Interlocked.Increment(ref requests);
            if (!context.Request.Headers.Authorization.ToString().StartsWith("Token ", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { err_code = "INVALID_AUTH", err_msg = "Invalid credentials." });
                return;
            }
            await Task.Delay(latency, context.RequestAborted);
            context.Response.ContentType = "audio/l16";
            context.Response.Headers["dg-model-name"] = context.Request.Query["model"];
            context.Response.Headers["dg-request-id"] = Guid.NewGuid().ToString();
            const int writes = 10;
            var size = clip.Length / writes;
            for (var i = 0; i < writes; i++)
            {
                await context.Response.Body.WriteAsync(clip.AsMemory(i * size, size), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await app.StartAsync(ct);
        Console.WriteLine($"fake Deepgram speak on http://127.0.0.1:{port}, {latency.TotalMilliseconds:F0} ms to first byte");
        // Until SIGTERM (the benchmark script stops it so) or the run's time-out.
        await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(app, ct);
        Console.WriteLine($"fake Deepgram speak answered {requests} requests");
        return 0;
    }

    private static byte[] Tone(int samples)
    {
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 24_000.0));
            pcm[2 * i] = (byte)value;
            pcm[2 * i + 1] = (byte)(value >> 8);
        }
        return pcm;
    }
}
