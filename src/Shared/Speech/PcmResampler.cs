using System.Buffers.Binary;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Streaming linear-interpolation resampler for 16-bit mono PCM (espeak-ng's 22,050 Hz to the 24 kHz every
/// stream carries). Chunks can be cut anywhere on a sample: the last input sample is carried to the next call.
/// </summary>
internal sealed class PcmResampler
{
    private readonly long _step;   // input samples advanced per output sample = _step / _scale
    private readonly long _scale;
    private long _produced;        // output samples written so far
    private long _consumed;        // input samples seen before the current chunk
    private short _last;           // input sample _consumed - 1

    public PcmResampler(int fromRate, int toRate)
    {
        var gcd = Gcd(fromRate, toRate);
        _step = fromRate / gcd;
        _scale = toRate / gcd;
    }

    public byte[] Process(ReadOnlySpan<byte> pcm)
    {
        var samples = pcm.Length / 2;
        if (samples == 0) return [];
        var available = _consumed + samples;
        // Output n sits at input position n*step/scale and needs the samples on both sides of it.
        var end = ((available - 1) * _scale + _step - 1) / _step;
        var output = new byte[(end - _produced) * 2];
        for (var n = _produced; n < end; n++)
        {
            var position = n * _step;
            var index = position / _scale;
            var fraction = position % _scale;
            int a = At(pcm, index), b = At(pcm, index + 1);
            var value = a + (b - a) * fraction / _scale;
            BinaryPrimitives.WriteInt16LittleEndian(output.AsSpan((int)(n - _produced) * 2), (short)value);
        }
        _produced = end;
        _consumed = available;
        _last = BinaryPrimitives.ReadInt16LittleEndian(pcm[((samples - 1) * 2)..]);
        return output;
    }

    private short At(ReadOnlySpan<byte> pcm, long index) => index < _consumed
        ? _last
        : BinaryPrimitives.ReadInt16LittleEndian(pcm[(int)((index - _consumed) * 2)..]);

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
