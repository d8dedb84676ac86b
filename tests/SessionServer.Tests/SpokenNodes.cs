using System.Runtime.CompilerServices;
using System.Text;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>A session node with settings of its own laid over <see cref="SessionNode"/>'s.</summary>
public sealed class ConfiguredNode(TestDatabase database, string? redisUrl, IReadOnlyDictionary<string, string> settings) : SessionNode(database, redisUrl)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

/// <summary>
/// Spoken answers: nodes A and B hear through the loopback Deepgram (live WebSocket and pre-recorded), node C has no
/// speech-to-text provider. All share one fresh database and the real Redis, with small upload caps.
/// </summary>
public sealed class SpokenNodes : IAsyncLifetime
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxChunkBytes = 4 * 1024;

    public FakeDeepgramListen Deepgram { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public SessionNode NodeA { get; private set; } = null!;
    public SessionNode NodeB { get; private set; } = null!;
    public SessionNode NodeC { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Deepgram = await FakeDeepgramListen.StartAsync();
        Database = await TestDatabase.CreateAsync();
        var caps = new Dictionary<string, string>
        {
            ["TTS_PROVIDER"] = "none",
            ["SPOKEN_ANSWER_MAX_BYTES"] = $"{MaxBytes}",
            ["SPOKEN_ANSWER_MAX_CHUNK_BYTES"] = $"{MaxChunkBytes}",
        };
        var deepgram = new Dictionary<string, string>(caps) { ["DEEPGRAM_API_KEY"] = FakeDeepgramListen.ApiKey, ["DEEPGRAM_BASE_URL"] = Deepgram.BaseUrl };
        NodeA = new ConfiguredNode(Database, SessionNode.RedisUrl, deepgram);
        NodeB = new ConfiguredNode(Database, SessionNode.RedisUrl, deepgram);
        NodeC = new ConfiguredNode(Database, SessionNode.RedisUrl, caps);
        foreach (var node in new[] { NodeA, NodeB, NodeC }) await node.InitializeAsync();
    }

    public async Task<CandidateClient> CandidateAsync(SessionNode node, Interview interview, string device = "laptop")
    {
        var client = new CandidateClient(node.Hub("/hubs/interview", node.CandidateToken(interview), device));
        await client.Connection.StartAsync();
        return client;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { NodeA, NodeB, NodeC }) await node.DisposeAsync();
        await Database.DisposeAsync();
        await Deepgram.DisposeAsync();
    }
}

public static class SpokenAudioStream
{
    /// <summary>A recording as MediaRecorder would send it: one chunk per slice, a little apart. The fake hears the bytes as words.</summary>
    public static async IAsyncEnumerable<byte[]> Of(IEnumerable<byte[]> chunks, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var chunk in chunks)
        {
            await Task.Delay(20, ct);
            yield return chunk;
        }
    }

    public static IAsyncEnumerable<byte[]> Words(params string[] slices) => Of(slices.Select(s => Encoding.UTF8.GetBytes(s)).ToList());

    public static Task<SubmitOutcome> SubmitSpokenAsync(this CandidateClient candidate, int ordinal, IAsyncEnumerable<byte[]> audio, Guid? answerId = null,
        string mimeType = "audio/webm;codecs=opus") =>
        candidate.Connection.InvokeAsync<SubmitOutcome>("SubmitSpokenAnswer", answerId ?? Guid.NewGuid(), ordinal, mimeType, audio);
}
