namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>
/// Whole-buffer resampling for offline transcription (48 kHz Opus or a WAV's rate to Whisper's 16 kHz). Going down,
/// a windowed-sinc low-pass (cut at 0.45 of the new rate) runs first, evaluated only where output samples fall, so
/// what lies above the new Nyquist frequency is removed instead of folding back into the speech band; between input
/// samples the value is interpolated linearly. <see cref="PcmResampler"/> stays the streaming one for 16-bit upsampling.
/// </summary>
internal static class PcmFloatResampler
{
    public static float[] ToRate(float[] input, int fromRate, int toRate)
    {
        if (fromRate == toRate) return input;
        var length = (int)((long)input.Length * toRate / fromRate);
        var output = new float[length];
        var taps = fromRate > toRate ? LowPass(fromRate, toRate) : [1f];
        var half = taps.Length / 2;
        for (var n = 0; n < length; n++)
        {
            var position = (long)n * fromRate;
            var index = (int)(position / toRate);
            var fraction = (float)(position % toRate) / toRate;
            var a = Filtered(input, index, taps, half);
            output[n] = fraction == 0 ? a : a + (Filtered(input, index + 1, taps, half) - a) * fraction;
        }
        return output;
    }

    private static float Filtered(float[] input, int index, float[] taps, int half)
    {
        var sum = 0f;
        var from = Math.Max(0, index - half);
        var to = Math.Min(input.Length - 1, index + half);
        for (var i = from; i <= to; i++) sum += taps[i - index + half] * input[i];
        return sum;
    }

    private static float[] LowPass(int fromRate, int toRate)
    {
        var cutoff = 0.45 * toRate / fromRate; // cycles per input sample
        var half = (int)Math.Ceiling(8.0 * fromRate / toRate);
        var taps = new float[2 * half + 1];
        var sum = 0.0;
        for (var k = -half; k <= half; k++)
        {
            var sinc = k == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
            var window = 0.5 + 0.5 * Math.Cos(Math.PI * k / (half + 1)); // Hann
            taps[k + half] = (float)(sinc * window);
            sum += sinc * window;
        }
        for (var i = 0; i < taps.Length; i++) taps[i] = (float)(taps[i] / sum); // unity gain at 0 Hz
        return taps;
    }
}
