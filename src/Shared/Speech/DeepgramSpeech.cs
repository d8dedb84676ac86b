using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Deepgram's Aura text to speech: <c>POST {DEEPGRAM_BASE_URL}/v1/speak?model=…&amp;encoding=linear16&amp;sample_rate=24000&amp;container=none</c>
/// with <c>Authorization: Token …</c> and <c>{"text": …}</c>; the body is raw 16-bit PCM, passed on read by read
/// while it downloads. Retries (timeouts, 408, 429, 5xx) come from the client's resilience handler.
/// </summary>
internal sealed class DeepgramSpeech(HttpClient http, IOptions<SpeechOptions> options) : ISpeechEngine
{
    private readonly IReadOnlyDictionary<string, string> _voices = options.Value.DeepgramVoices;
    private readonly TimeSpan _idle = options.Value.Timeout;

    public SpeechProvider Provider => SpeechProvider.Deepgram;

    public string? VoiceFor(string language) => SpeechLanguage.VoiceFrom(_voices, language);

    /// <summary>Sets the base address and the key on the typed client; done once by the client factory.</summary>
    public static void Configure(HttpClient http, SpeechOptions options)
    {
        http.BaseAddress = new Uri(options.DeepgramBaseUrl.TrimEnd('/') + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", options.DeepgramApiKey);
        // The resilience handler times each attempt; HttpClient's own timeout would also cut a long clip's download.
        http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken ct)
    {
        var format = AudioFormat.Pcm16Mono24k;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"v1/speak?model={Uri.EscapeDataString(voice)}&encoding=linear16&sample_rate={format.SampleRate}&container=none")
        {
            // A string, not a streamed JSON body: a retry sends it again.
            Content = new StringContent(JsonSerializer.Serialize(new { text }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("audio/*");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new SpeechSynthesisException($"Deepgram answered {(int)response.StatusCode} {response.ReasonPhrase}{await ErrorMessageAsync(response, ct)}");
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        // A body that stalls is cut after the same time an attempt may take to answer.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(_idle);
        await foreach (var chunk in PcmChunks.ReadAsync(body, format.FrameBytes, SpeechStream.MaxChunkBytes, stall.Token))
        {
            yield return chunk;
            stall.CancelAfter(_idle);
        }
    }

    /// <summary>Deepgram's error body, <c>{"err_code": …, "err_msg": …, "request_id": …}</c>, as ": err_code err_msg".</summary>
    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (json.RootElement.ValueKind != JsonValueKind.Object) return "";
            var text = string.Join(" ", new[] { "err_code", "err_msg" }
                .Select(name => json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                .Where(s => !string.IsNullOrEmpty(s)));
            return text.Length == 0 ? "" : $": {text[..Math.Min(text.Length, 200)]}";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
