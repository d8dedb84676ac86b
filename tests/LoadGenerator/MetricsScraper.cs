using System.Globalization;

namespace InterviewPlatform.LoadGenerator;

/// <summary>The few server figures a mode reports, summed over the nodes that answered; null when none had it.</summary>
public sealed record ServerMetrics(double? WorkingSetBytes, double? GcHeapBytes, double? CpuSeconds, double? CandidatesConnected)
{
    public const string WorkingSet = "dotnet_process_memory_working_set_bytes";
    public const string GcHeap = "dotnet_gc_last_collection_heap_size_bytes";
    public const string CpuTime = "dotnet_process_cpu_time_seconds_total";
    public const string Connected = "sessions_connected";
}

/// <summary>
/// Reads the servers' Prometheus text (<c>/metrics</c>). A node without the endpoint, or one that does not
/// answer in time, simply contributes nothing: the report then says "n/a" rather than failing the run.
/// </summary>
public sealed class MetricsScraper(IReadOnlyList<Uri> nodes) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<ServerMetrics> ScrapeAsync(CancellationToken ct)
    {
        var sums = new Dictionary<string, double>();
        foreach (var node in nodes)
        {
            string text;
            try
            {
                text = await _http.GetStringAsync(new Uri(node, "/metrics"), ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                continue;
            }
            foreach (var (name, value) in Parse(text)) sums[name] = sums.GetValueOrDefault(name) + value;
        }
        double? Get(string name) => sums.TryGetValue(name, out var v) ? v : null;
        return new ServerMetrics(Get(ServerMetrics.WorkingSet), Get(ServerMetrics.GcHeap), Get(ServerMetrics.CpuTime), Get(ServerMetrics.Connected));
    }

    /// <summary>Every sample line as (metric name, value); label sets of one name are summed by the caller.</summary>
    public static IEnumerable<(string Name, double Value)> Parse(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0) continue;
            var name = line[..nameEnd];
            // The value follows the labels (whose quoted values may hold spaces), then an optional timestamp.
            var rest = line[nameEnd] == '{' ? line[(line.LastIndexOf('}') + 1)..].Trim() : line[nameEnd..].Trim();
            var valueEnd = rest.IndexOf(' ');
            if (double.TryParse(valueEnd < 0 ? rest : rest[..valueEnd], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                yield return (name, value);
        }
    }

    /// <summary>Server memory growth per connection between two scrapes, e.g. "working set 38.2 KiB, GC heap 21.0 KiB".</summary>
    public static string MemoryPerConnection(ServerMetrics before, ServerMetrics after, int connections)
    {
        string PerConnection(double? a, double? b) =>
            a is { } x && b is { } y && connections > 0 ? $"{(y - x) / connections / 1024:F1} KiB" : "n/a";
        return $"server memory per connection: working set {PerConnection(before.WorkingSetBytes, after.WorkingSetBytes)}, " +
            $"GC heap {PerConnection(before.GcHeapBytes, after.GcHeapBytes)} (sessions_connected {after.CandidatesConnected?.ToString("F0", CultureInfo.InvariantCulture) ?? "n/a"})";
    }

    /// <summary>Server CPU between two scrapes as a percentage of one core.</summary>
    public static string CpuPercent(ServerMetrics before, ServerMetrics after, TimeSpan elapsed) =>
        before.CpuSeconds is { } a && after.CpuSeconds is { } b && elapsed > TimeSpan.Zero
            ? $"{(b - a) / elapsed.TotalSeconds * 100:F1} % of a core"
            : "n/a";

    public void Dispose() => _http.Dispose();
}
