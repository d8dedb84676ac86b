using System.Text;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// The providers in order (Deepgram, then espeak-ng, as configured): the first with a voice for the language
/// whose clip is stored, or whose synthesis yields a first chunk, speaks. A provider that fails before its
/// first chunk (after its own retries) is recorded as a fallback and the next one is asked; when none is
/// left the question stays text only.
/// </summary>
internal sealed class TextToSpeech(IReadOnlyList<ISpeechEngine> providers, SpeechCache cache, ILogger<TextToSpeech> log) : ITextToSpeech
{
    public AudioFormat? Format => providers.Count > 0 ? AudioFormat.Pcm16Mono24k : null;

    public async Task<SpeechStream> SpeakAsync(string text, string language, CancellationToken ct = default)
    {
        // The same question typed twice (trailing space, composed or decomposed accents) is one clip.
        text = text.Trim().Normalize(NormalizationForm.FormC);
        var fallbacks = new List<SpeechFallback>();
        if (text.Length == 0) return SpeechStream.TextOnly(fallbacks);
        foreach (var provider in providers)
        {
            if (provider.VoiceFor(language) is not { } voice)
            {
                fallbacks.Add(new(provider.Provider, $"no {provider.Provider} voice for language '{language}'"));
                continue;
            }
            var format = AudioFormat.Pcm16Mono24k;
            var clip = cache.Open(SpeechCache.Key(provider.Provider, voice, format, text), token => provider.SynthesizeAsync(text, voice, token));
            try
            {
                await clip.Ready.WaitAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await clip.DisposeAsync();
                fallbacks.Add(new(provider.Provider, Describe(e)));
                log.LogWarning("{Provider} could not speak a question in {Language}: {Reason}", provider.Provider, language, Describe(e));
                continue;
            }
            catch
            {
                await clip.DisposeAsync();
                throw;
            }
            if (fallbacks.Count > 0)
            {
                log.LogInformation("Question in {Language} spoken by {Provider} after {Fallbacks}", language, provider.Provider,
                    string.Join("; ", fallbacks.Select(f => $"{f.From}: {f.Reason}")));
            }
            return new SpeechStream(provider.Provider, voice, format, clip, fallbacks);
        }
        if (providers.Count > 0) log.LogWarning("Question in {Language} stays text only: no provider could speak it", language);
        return SpeechStream.TextOnly(fallbacks);
    }

    private static string Describe(Exception e) => e switch
    {
        SpeechSynthesisException or TimeoutException => e.Message,
        HttpRequestException http => $"Deepgram unreachable: {http.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
