namespace InterviewPlatform.Admin.Api.Operations;

/// <summary>v7's <c>performance_summary</c>: requests, response times, 5xx share, CPU and memory.</summary>
public sealed record PerformanceSummary(
    string SummaryPeriod,
    long TotalRequests,
    double AverageResponseTime,
    double MaxResponseTime,
    double MinResponseTime,
    long SlowRequestsCount,
    double ErrorRate,
    double? AverageCpuUsage,
    double? AverageMemoryUsage);

/// <summary>
/// This node's requests over the last 24 hours in one-minute buckets (a fixed ring, so memory stays
/// flat however busy the node is). Response times are in seconds; slow means over two seconds, as
/// in v7; the error rate is the percentage of requests answered 5xx, and the error table counts
/// every error answer by type.
/// </summary>
public sealed class RequestStatistics(TimeProvider clock)
{
    public const string SummaryPeriod = "last_24_hours";
    public static readonly TimeSpan SlowRequest = TimeSpan.FromSeconds(2);
    private const int Minutes = 24 * 60;

    private readonly Bucket[] _buckets = Enumerable.Range(0, Minutes).Select(_ => new Bucket()).ToArray();

    public void RecordRequest(TimeSpan duration, int status, string? errorType)
    {
        var (bucket, minute) = Current();
        lock (bucket)
        {
            bucket.StartIfStale(minute);
            bucket.Requests++;
            bucket.TotalSeconds += duration.TotalSeconds;
            bucket.MaxSeconds = Math.Max(bucket.MaxSeconds, duration.TotalSeconds);
            bucket.MinSeconds = Math.Min(bucket.MinSeconds, duration.TotalSeconds);
            if (duration > SlowRequest) bucket.Slow++;
            if (status >= 500) bucket.ServerErrors++;
            if (errorType is not null)
            {
                bucket.Errors ??= [];
                bucket.Errors[errorType] = bucket.Errors.GetValueOrDefault(errorType) + 1;
            }
        }
    }

    public void RecordSystem(SystemMetrics metrics)
    {
        var (bucket, minute) = Current();
        lock (bucket)
        {
            bucket.StartIfStale(minute);
            if (metrics.CpuUsagePercent is { } cpu)
            {
                bucket.CpuSamples++;
                bucket.CpuTotal += cpu;
            }
            if (metrics.MemoryUsagePercent is { } memory)
            {
                bucket.MemorySamples++;
                bucket.MemoryTotal += memory;
            }
        }
    }

    public PerformanceSummary Summary()
    {
        long requests = 0, slow = 0, serverErrors = 0, cpuSamples = 0, memorySamples = 0;
        double seconds = 0, max = 0, min = double.MaxValue, cpu = 0, memory = 0;
        foreach (var bucket in Live())
        {
            lock (bucket)
            {
                requests += bucket.Requests;
                seconds += bucket.TotalSeconds;
                max = Math.Max(max, bucket.MaxSeconds);
                min = Math.Min(min, bucket.MinSeconds);
                slow += bucket.Slow;
                serverErrors += bucket.ServerErrors;
                cpuSamples += bucket.CpuSamples;
                cpu += bucket.CpuTotal;
                memorySamples += bucket.MemorySamples;
                memory += bucket.MemoryTotal;
            }
        }
        return new PerformanceSummary(
            SummaryPeriod,
            requests,
            requests == 0 ? 0 : Math.Round(seconds / requests, 4),
            Math.Round(max, 4),
            requests == 0 ? 0 : Math.Round(min, 4),
            slow,
            requests == 0 ? 0 : Math.Round(100d * serverErrors / requests, 2),
            cpuSamples == 0 ? null : Math.Round(cpu / cpuSamples, 1),
            memorySamples == 0 ? null : Math.Round(memory / memorySamples, 1));
    }

    /// <summary>Error answers of the last 24 hours by type, most frequent first.</summary>
    public IReadOnlyDictionary<string, long> Errors()
    {
        var totals = new Dictionary<string, long>();
        foreach (var bucket in Live())
        {
            lock (bucket)
            {
                foreach (var (type, count) in bucket.Errors ?? []) totals[type] = totals.GetValueOrDefault(type) + count;
            }
        }
        return totals.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => e.Value);
    }

    private long MinuteNow() => clock.GetUtcNow().ToUnixTimeSeconds() / 60;

    /// <summary>This minute's bucket; it may still hold the same minute of yesterday until started.</summary>
    private (Bucket Bucket, long Minute) Current()
    {
        var minute = MinuteNow();
        return (_buckets[minute % Minutes], minute);
    }

    private IEnumerable<Bucket> Live()
    {
        var now = MinuteNow();
        return _buckets.Where(b => Volatile.Read(ref b.Minute) > now - Minutes);
    }

    private sealed class Bucket
    {
        public long Minute = -1;
        public long Requests;
        public double TotalSeconds;
        public double MaxSeconds;
        public double MinSeconds = double.MaxValue;
        public long Slow;
        public long ServerErrors;
        public long CpuSamples;
        public double CpuTotal;
        public long MemorySamples;
        public double MemoryTotal;
        public Dictionary<string, long>? Errors;

        /// <summary>Empties the bucket when it holds an older minute. Call under its lock.</summary>
        public void StartIfStale(long minute)
        {
            if (Minute == minute) return;
            Minute = minute;
            Requests = Slow = ServerErrors = CpuSamples = MemorySamples = 0;
            TotalSeconds = MaxSeconds = CpuTotal = MemoryTotal = 0;
            MinSeconds = double.MaxValue;
            Errors = null;
        }
    }
}
