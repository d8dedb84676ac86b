using System.Buffers.Binary;
using InterviewPlatform.Shared.Speech;

namespace InterviewPlatform.Shared.Tests.Speech;

public sealed class PcmResamplerTests
{
    [Fact]
    public void One_second_at_22050_Hz_becomes_one_second_at_24_kHz()
    {
        var output = new PcmResampler(22_050, 24_000).Process(Pcm(Enumerable.Repeat((short)1000, 22_050)));

        Assert.InRange(output.Length / 2, 23_998, 24_000);
        Assert.All(Samples(output), s => Assert.Equal(1000, s));
    }

    [Fact]
    public void Cutting_the_input_anywhere_gives_the_same_output()
    {
        var input = Pcm(Enumerable.Range(0, 5_000).Select(i => (short)(10_000 * Math.Sin(i / 7.0))));
        var whole = new PcmResampler(22_050, 24_000).Process(input);

        var resampler = new PcmResampler(22_050, 24_000);
        var pieces = new List<byte>();
        var offset = 0;
        foreach (var size in new[] { 2, 998, 4, 3_000, 2, 5_994 })
        {
            pieces.AddRange(resampler.Process(input.AsSpan(offset, size)));
            offset += size;
        }

        Assert.Equal(input.Length, offset);
        Assert.Equal(whole, pieces.ToArray());
    }

    [Fact]
    public void A_ramp_is_interpolated_between_its_samples()
    {
        // Rising 160 per input sample, read 147/160 of a sample apart: each output rises exactly 147.
        var input = Pcm(Enumerable.Range(0, 148).Select(i => (short)(i * 160)));

        var output = Samples(new PcmResampler(147, 160).Process(input));

        Assert.Equal(Enumerable.Range(0, output.Length).Select(i => (short)(i * 147)), output);
        Assert.Equal(160, output.Length);
    }

    private static byte[] Pcm(IEnumerable<short> samples)
    {
        var list = samples.ToList();
        var bytes = new byte[list.Count * 2];
        for (var i = 0; i < list.Count; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), list[i]);
        return bytes;
    }

    private static short[] Samples(byte[] pcm) =>
        Enumerable.Range(0, pcm.Length / 2).Select(i => BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(2 * i))).ToArray();
}
