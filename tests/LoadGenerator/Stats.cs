using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.LoadGenerator;

/// <summary>Latency samples (milliseconds) from many tasks at once, summarised as percentiles.</summary>
public sealed class Latencies
{
    private readonly ConcurrentQueue<double> _samples = new();

    public int Count => _samples.Count;

    public void Add(double milliseconds) => _samples.Enqueue(milliseconds);

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public double Percentile(double p) => Percentile(_samples.Order().ToArray(), p);

    public string Summary()
    {
        var sorted = _samples.Order().ToArray();
        if (sorted.Length == 0) return "no samples";
        double P(double p) => Percentile(sorted, p);
        return $"p50 {P(50):F1}, p95 {P(95):F1}, p99 {P(99):F1}, max {sorted[^1]:F1} ms ({sorted.Length} samples)";
    }

    // Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Counts by label ("SubmitAnswer: server_busy", "connect: HttpRequestException"), printed sorted.</summary>
public sealed class Tally
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public int Total => _counts.Values.Sum();

    public void Add(string label) => _counts.AddOrUpdate(label, 1, (_, n) => n + 1);

    /// <summary>Labels an exception by the call that raised it: a hub refusal by its code, anything else by its type.</summary>
    public void Add(string call, Exception error) => Add($"{call}: {Describe(error)}");

    public override string ToString() => _counts.IsEmpty ? "0"
        : $"{Total} ({string.Join(", ", _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))})";

    public static string Describe(Exception error) => error is HubException hub
        ? RefusalCode(hub) ?? "HubException"
        : error.GetType().Name;

    /// <summary>"server_busy" from "server_busy: try again"; refusals start with a stable code.</summary>
    public static string? RefusalCode(HubException error)
    {
        // The client prefixes the server's text with "An unexpected error occurred invoking 'X' on the server. HubException: ".
        var message = error.Message;
        var start = message.LastIndexOf("HubException: ", StringComparison.Ordinal);
        if (start >= 0) message = message[(start + "HubException: ".Length)..];
        var colon = message.IndexOf(':');
        return colon > 0 && message[..colon].All(c => char.IsAsciiLetterLower(c) || c == '_') ? message[..colon] : null;
    }
}

public static class Report
{
    public static void Throughput(string what, int count, TimeSpan elapsed) =>
        Console.WriteLine($"{what}: {count} in {elapsed.TotalSeconds:F1} s, {count / Math.Max(elapsed.TotalSeconds, 0.001):F0}/s");
}
