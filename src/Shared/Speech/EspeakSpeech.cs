using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// espeak-ng from Debian, run once per clip: the text goes in on stdin (never as an argument, so a question
/// cannot pass options), its 22,050 Hz WAV comes out on stdout and is passed on, resampled to 24 kHz, while
/// the process is still speaking. At most one process per core runs at a time.
/// </summary>
internal sealed class EspeakSpeech(IOptions<SpeechOptions> options) : ISpeechEngine
{
    // Resampling 22,050 to 24,000 Hz grows a chunk by ~9%: read 8 KiB so what leaves stays under 16 KiB.
    private const int ReadBytes = SpeechStream.MaxChunkBytes / 2;

    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount);
    private readonly IReadOnlyDictionary<string, string> _voices = options.Value.EspeakVoices;

    public SpeechProvider Provider => SpeechProvider.Espeak;

    public string? VoiceFor(string language) => SpeechLanguage.VoiceFrom(_voices, language);

    /// <summary>The full path of the espeak-ng program named by ESPEAK_NG_PATH, or null when it is not installed.</summary>
    public static string? Locate(string program)
    {
        if (string.IsNullOrWhiteSpace(program)) return null;
        if (program.Contains(Path.DirectorySeparatorChar)) return File.Exists(program) ? Path.GetFullPath(program) : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, [EnumeratorCancellation] CancellationToken ct)
    {
        var program = Locate(options.Value.EspeakPath) ?? throw new SpeechSynthesisException($"espeak-ng was not found (ESPEAK_NG_PATH='{options.Value.EspeakPath}')");
        await _slots.WaitAsync(ct);
        using var process = new Process { StartInfo = StartInfo(program, voice) };
        try
        {
            Start(process);
            // Fed and drained beside the reading of stdout, so a long text cannot fill one pipe while we wait on the other.
            var feeding = FeedAsync(process, text, ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            var stdout = process.StandardOutput.BaseStream;
            var wav = await WavHeader.ReadAsync(stdout, ct);
            var resampler = new PcmResampler(wav.SampleRate, AudioFormat.Pcm16Mono24k.SampleRate);
            await foreach (var chunk in PcmChunks.ReadAsync(stdout, frameBytes: 2, ReadBytes, ct))
            {
                var resampled = resampler.Process(chunk.Span);
                if (resampled.Length > 0) yield return resampled;
            }
            await feeding;
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new SpeechSynthesisException($"espeak-ng -v {voice} exited with {process.ExitCode}: {(await errors).Trim()}");
            }
        }
        finally
        {
            // Cancelled or failed half way: nobody reads the rest, so the process must not run on.
            if (HasStarted(process) && !process.HasExited) process.Kill(entireProcessTree: true);
            _slots.Release();
        }
    }

    private static ProcessStartInfo StartInfo(string program, string voice)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        // -b 1: the input is UTF-8; --stdin: the text comes from stdin; --stdout: WAV to stdout.
        foreach (var argument in new[] { "-v", voice, "-b", "1", "--stdin", "--stdout" }) start.ArgumentList.Add(argument);
        return start;
    }

    private static void Start(Process process)
    {
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new SpeechSynthesisException($"espeak-ng could not be started: {e.Message}");
        }
    }

    private static async Task FeedAsync(Process process, string text, CancellationToken ct)
    {
        try
        {
            await process.StandardInput.WriteAsync(text.AsMemory(), ct);
            await process.StandardInput.WriteAsync('\n');
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    private static bool HasStarted(Process process)
    {
        try
        {
            _ = process.Id;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
