using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Deepgram's speech to text. Live: the <c>/v1/listen</c> WebSocket (<see cref="DeepgramLiveTranscription"/>). Pre-recorded:
/// <c>POST {DEEPGRAM_BASE_URL}/v1/listen?model=…&amp;language=…</c> with the recording as the body and its content type;
/// the answer is <c>{"metadata": {…}, "results": {"channels": [{"alternatives": [{"transcript", "confidence"}]}]}}</c>.
/// Browser recordings are containerized (WebM/Ogg Opus, MP4), so neither request names an encoding or sample rate:
/// Deepgram reads them from the container, as its documentation asks.
/// </summary>
internal sealed class DeepgramListen(HttpClient http, IOptions<SpeechToTextOptions> options, ILoggerFactory logs) : ISpeechToText
{
    public const string ProviderName = "deepgram";

    private readonly SpeechToTextOptions _options = options.Value;

    public bool IsConfigured => true;

    public static void Configure(HttpClient http, SpeechToTextOptions options)
    {
        http.BaseAddress = new Uri(options.DeepgramBaseUrl.TrimEnd('/') + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", options.DeepgramApiKey);
        http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the resilience handler times each attempt
    }

    public ILiveTranscription? StartLive(string language, string mimeType, Func<TranscriptUpdate, Task> onUpdate)
    {
        var model = _options.ModelFor(language);
        var baseUrl = new Uri(_options.DeepgramBaseUrl.TrimEnd('/') + "/");
        var socketUrl = new UriBuilder(new Uri(baseUrl, "v1/listen"))
        {
            Scheme = baseUrl.Scheme == "https" ? "wss" : "ws",
            Query = $"{Query(model, language)}&interim_results=true",
        }.Uri;
        return DeepgramLiveTranscription.Start(socketUrl, _options.DeepgramApiKey!, model, _options.LiveFinish, onUpdate,
            logs.CreateLogger<DeepgramLiveTranscription>());
    }

    public async Task<Transcript> TranscribeAsync(ReadOnlyMemory<byte> audio, string mimeType, string language, CancellationToken ct)
    {
        var model = _options.ModelFor(language);
        using var content = new ReadOnlyMemoryContent(audio);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/listen?{Query(model, language)}") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            throw new TranscriptionException($"Deepgram could not be reached: {ex.Message}", ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new TranscriptionException($"Deepgram answered {(int)response.StatusCode}: {Shorten(body)}");
            try
            {
                using var json = JsonDocument.Parse(body);
                var alternative = json.RootElement.GetProperty("results").GetProperty("channels")[0].GetProperty("alternatives")[0];
                var confidence = alternative.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : (double?)null;
                return new Transcript(alternative.GetProperty("transcript").GetString() ?? "", ProviderName, model, confidence);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw new TranscriptionException($"Deepgram's answer had no transcript: {Shorten(body)}", ex);
            }
        }
    }

    private static string Query(string model, string language) =>
        $"model={Uri.EscapeDataString(model)}&language={Uri.EscapeDataString(language)}&punctuate=true&smart_format=true";

    private static string Shorten(string text) => text.Length > 200 ? text[..200] : text;
}
