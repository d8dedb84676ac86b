using InterviewPlatform.Shared.Speech.Offline;
using static InterviewPlatform.Shared.Tests.Speech.TestRecordings;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>
/// What Whisper would hear: every recording a browser or a test sends, brought to 16 kHz mono with its length and its
/// pitch intact; and every damaged one refused with a message that says what is wrong, instead of noise.
/// </summary>
public sealed class RecordingDecoderTests
{
    [Fact]
    public void A_44k1_stereo_wav_becomes_16k_mono_of_the_same_length_and_pitch()
    {
        var left = Tone(440, 1.5, 44_100);
        var right = Tone(440, 1.5, 44_100, amplitude: 0.25f);

        var pcm = RecordingDecoder.ToMono16k(Wav(44_100, [Pcm16(left), Pcm16(right)]), "audio/wav");

        Assert.InRange(pcm.Length, 23_999, 24_000); // 1.5 s at 16 kHz
        Assert.InRange(Frequency(pcm, 16_000), 436, 444);
        // The channels are averaged: (0.5 + 0.25) / 2 peak, so an RMS of 0.375 / sqrt 2.
        Assert.InRange(Rms(pcm, 1600, 22_400), 0.26, 0.27);
    }

    [Theory]
    [InlineData(8_000, 1, false)]   // 24-bit PCM, upsampled
    [InlineData(48_000, 2, true)]   // 32-bit float, as Web Audio exports
    [InlineData(22_050, 1, true)]
    public void Other_wav_rates_and_sample_formats_keep_their_length_and_pitch(int rate, int channels, bool asFloat)
    {
        var pcm = RecordingDecoder.ToMono16k(Wav(rate, channels, Tone(1000, 1, rate), asFloat), "audio/wav");

        Assert.InRange(pcm.Length, 15_999, 16_000);
        Assert.InRange(Frequency(pcm, 16_000), 995, 1005);
        Assert.InRange(Rms(pcm, 1600, 14_400), 0.34, 0.36);
    }

    [Fact]
    public void A_tone_above_8kHz_is_filtered_out_rather_than_folded_into_the_speech_band()
    {
        // 12 kHz would alias to 4 kHz at 16 kHz if the samples were merely picked.
        var pcm = RecordingDecoder.ToMono16k(Wav(44_100, [Pcm16(Tone(12_000, 1, 44_100))]), "audio/wav");

        Assert.InRange(pcm.Length, 15_999, 16_000);
        Assert.True(Rms(pcm, 1600, 14_400) < 0.01, $"RMS {Rms(pcm, 1600, 14_400):F4}: the 12 kHz tone leaked through");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ogg_opus_from_Concentus_decodes_to_the_tone_and_its_exact_duration(int channels)
    {
        var tone = Tone(440, 2, OpusRate);
        var interleaved = channels == 1 ? tone : tone.SelectMany(s => new[] { s, s }).ToArray();
        var packets = Encode(interleaved, channels);
        Assert.Equal(channels == 2, packets.Any(p => p.Length > 255)); // stereo exercises Ogg's 255-byte lacing runs
        var ogg = Ogg(packets, channels, samples: tone.Length);

        var pcm = RecordingDecoder.ToMono16k(ogg, "audio/ogg;codecs=opus");

        Assert.Equal(32_000, pcm.Length); // the last granule trims the padded final frame: exactly 2 s
        Assert.InRange(Frequency(pcm, 16_000), 435, 445);
        Assert.InRange(Rms(pcm, 1600, 30_400), 0.3, 0.4); // a 0.5 sine has an RMS of 0.354
    }

    [Fact]
    public void Webm_opus_as_MediaRecorder_lays_it_out_decodes_to_the_tone_and_its_duration()
    {
        var tone = Tone(300, 2, OpusRate);
        var packets = Encode(tone);
        var webm = Webm(packets, channels: 1);

        var pcm = RecordingDecoder.ToMono16k(webm, "audio/webm;codecs=opus");

        // WebM carries no end trim: every 20 ms frame minus the pre-skip, at a third of the rate (2 s and the last frame's padding).
        Assert.Equal((packets.Count * FrameSamples - PreSkip) / 3, pcm.Length);
        Assert.InRange(pcm.Length, 32_000, 32_320);
        Assert.InRange(Frequency(pcm, 16_000), 295, 305);
    }

    [Fact]
    public void A_recording_made_by_Chromiums_MediaRecorder_decodes_to_its_tone_and_length()
    {
        // Stereo, pre-skip 0, Segment and Clusters of unknown size: made by Speech/Recordings/record-chromium.js.
        var webm = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Speech", "Recordings", "chromium-440hz.webm"));

        var pcm = RecordingDecoder.ToMono16k(webm, "audio/webm;codecs=opus");

        Assert.InRange(pcm.Length, 1.8 * 16_000, 2.3 * 16_000); // recorded for 2 s by a page timer
        Assert.InRange(Frequency(pcm, 16_000), 435, 445);
        Assert.InRange(Rms(pcm, 4000, 28_000), 0.3, 0.4); // the oscillator through a 0.5 gain
        var truncated = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(webm.AsMemory(0, webm.Length / 2), "audio/webm"));
        Assert.EndsWith("(truncated)", truncated.Message);
    }

    [Fact]
    public void Ogg_packets_continued_across_pages_are_joined()
    {
        var tone = Tone(440, 1, OpusRate);
        // Stereo packets take two lacing segments: with one segment a page, each begins on one page and ends on the next.
        var stereo = Encode(tone.SelectMany(s => new[] { s, s }).ToArray(), channels: 2);

        var split = RecordingDecoder.ToMono16k(Ogg(stereo, 2, tone.Length, segmentsPerPage: 1), "audio/ogg");

        Assert.Equal(RecordingDecoder.ToMono16k(Ogg(stereo, 2, tone.Length), "audio/ogg"), split);
        Assert.Equal(16_000, split.Length);
        Assert.InRange(Frequency(split, 16_000), 435, 445);
    }

    [Fact]
    public void A_truncated_ogg_is_refused_naming_the_page()
    {
        var ogg = Ogg(Encode(Tone(440, 1, OpusRate)), 1, OpusRate);

        var error = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(ogg.AsMemory(0, ogg.Length - 100), "audio/ogg"));
        Assert.Matches("The Ogg page at byte [0-9]+ is truncated", error.Message);
    }

    [Fact]
    public void A_damaged_ogg_page_fails_its_checksum()
    {
        var ogg = Ogg(Encode(Tone(440, 1, OpusRate)), 1, OpusRate);
        ogg[^50] ^= 0x5A;

        var error = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(ogg, "audio/ogg"));
        Assert.Matches("The Ogg page at byte [0-9]+ fails its checksum", error.Message);
    }

    [Fact]
    public void A_truncated_webm_is_refused_and_garbage_after_its_header_too()
    {
        var webm = Webm(Encode(Tone(440, 1, OpusRate)), 1);

        var truncated = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(webm.AsMemory(0, webm.Length - 30), "audio/webm"));
        Assert.Matches("The WebM recording ends inside the element at byte [0-9]+ \\(truncated\\)", truncated.Message);

        var garbage = webm[..60].Concat(Enumerable.Repeat((byte)0x00, 200)).ToArray();
        var error = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(garbage, "audio/webm"));
        Assert.StartsWith("The WebM", error.Message);
    }

    [Fact]
    public void A_webm_without_an_opus_track_says_which_tracks_it_has()
    {
        var webm = Webm(Encode(Tone(440, 1, OpusRate)), 1);
        var codec = webm.AsSpan().IndexOf("A_OPUS"u8);
        "A_AAC\0"u8.CopyTo(webm.AsSpan(codec));

        var error = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(webm, "audio/webm"));
        Assert.Equal("The WebM recording has no Opus track (tracks: A_AAC)", error.Message);
    }

    [Fact]
    public void Safari_mp4_and_unknown_bytes_are_refused_as_formats_read_offline_only_as_wav_webm_and_ogg()
    {
        byte[] mp4 = [0, 0, 0, 0x20, .. "ftypM4A "u8, 0, 0, 0, 0, .. "M4A mp42isom"u8, 0, 0, 0, 0];

        var error = Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k(mp4, "audio/mp4"));
        Assert.Equal("The audio/mp4 recording is MP4 (AAC) audio; offline transcription reads only WAV, WebM/Opus and Ogg/Opus", error.Message);
        Assert.Contains("unrecognised", Assert.Throws<AudioDecodeException>(() => RecordingDecoder.ToMono16k("not audio at all"u8.ToArray(), "audio/wav")).Message);
    }
}
