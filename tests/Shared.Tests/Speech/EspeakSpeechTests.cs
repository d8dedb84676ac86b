using System.Buffers.Binary;
using InterviewPlatform.Shared.Speech;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>The real espeak-ng (installed by ./platform), in every language v7 offers.</summary>
public sealed class EspeakSpeechTests
{
    [Theory]
    [InlineData("en", "en-us", "Tell me about a project you are proud of.")]
    [InlineData("es", "es", "Háblame de un proyecto del que estés orgulloso.")]
    [InlineData("fr", "fr-fr", "Parlez-moi d'un projet dont vous êtes fier.")]
    [InlineData("de", "de", "Erzählen Sie von einem Projekt, auf das Sie stolz sind.")]
    [InlineData("pt", "pt-br", "Fale sobre um projeto do qual você se orgulha.")]
    [InlineData("hi", "hi", "मुझे किसी ऐसे प्रोजेक्ट के बारे में बताइए जिस पर आपको गर्व है।")]
    [InlineData("zh", "cmn", "请介绍一个你引以为豪的项目。")]
    [InlineData("ja", "ja", "あなたが誇りに思うプロジェクトについて教えてください。")]
    [InlineData("ko", "ko", "자랑스러운 프로젝트에 대해 말씀해 주세요.")]
    [InlineData("ar", "ar", "حدثني عن مشروع تفخر به.")]
    [InlineData("ru", "ru", "Расскажите о проекте, которым вы гордитесь.")]
    [InlineData("it", "it", "Mi parli di un progetto di cui è orgoglioso.")]
    public async Task Espeak_speaks_each_v7_language_as_24_kHz_PCM(string language, string voice, string question)
    {
        using var host = new SpeechHost(new() { ["TTS_PROVIDER"] = "espeak" });

        Assert.Equal(AudioFormat.Pcm16Mono24k, host.Speech.Format);
        await using var stream = await host.Speech.SpeakAsync(question, language);
        var pcm = await stream.ReadAllAsync();

        Assert.Equal((SpeechProvider.Espeak, voice, AudioFormat.Pcm16Mono24k), (stream.Provider, stream.Voice, stream.Format));
        Assert.Empty(stream.Fallbacks);
        // A spoken sentence: more than half a second of samples, and not silence.
        Assert.True(pcm.Length > AudioFormat.Pcm16Mono24k.SampleRate, $"{pcm.Length} bytes of audio");
        Assert.True(Rms(pcm) > 300, $"RMS {Rms(pcm):F0}: the clip is silent");
    }

    [Fact]
    public async Task Text_that_looks_like_options_is_spoken_not_obeyed()
    {
        using var host = new SpeechHost(new() { ["TTS_PROVIDER"] = "espeak" });

        await using var stream = await host.Speech.SpeakAsync("--version -w /tmp/owned.wav", "en");

        Assert.Equal(SpeechProvider.Espeak, stream.Provider);
        Assert.True(Rms(await stream.ReadAllAsync()) > 300);
        Assert.False(File.Exists("/tmp/owned.wav"));
    }

    [Fact]
    public async Task An_espeak_clip_is_stored_once_and_replayed_identically()
    {
        using var host = new SpeechHost(new() { ["TTS_PROVIDER"] = "espeak" });

        await using var first = await host.Speech.SpeakAsync("How do you test concurrent code?", "en");
        var spoken = await first.ReadAllAsync();
        await using var again = await host.Speech.SpeakAsync("How do you test concurrent code?", "en");

        Assert.True(again.FromCache);
        Assert.Equal(spoken, await again.ReadAllAsync());
    }

    private static double Rms(byte[] pcm)
    {
        double sum = 0;
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            double sample = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i));
            sum += sample * sample;
        }
        return Math.Sqrt(sum / Math.Max(1, pcm.Length / 2));
    }
}
