using System.Globalization;

namespace InterviewPlatform.Admin.Api.Operations;

/// <summary>The machine as v7's <c>/admin/metrics</c> reported it (psutil there, /proc here). Null when unknown.</summary>
public sealed record SystemMetrics(
    double? CpuUsagePercent,
    double? MemoryUsagePercent,
    double? MemoryAvailableGb,
    double? DiskUsagePercent,
    double? DiskFreeGb,
    int? ProcessCount);

/// <summary>Reads <see cref="SystemMetrics"/> from Linux's /proc and the disk holding the application.</summary>
public sealed class SystemMetricsReader
{
    /// <summary>CPU use is the busy share of the jiffies that pass during this pause.</summary>
    private static readonly TimeSpan _cpuSample = TimeSpan.FromMilliseconds(250);
    private const double BytesPerGb = 1024d * 1024 * 1024;

    public async Task<SystemMetrics> ReadAsync(CancellationToken ct)
    {
        var before = ReadCpuTimes();
        await Task.Delay(_cpuSample, ct);
        var after = ReadCpuTimes();
        double? cpu = before is { } b && after is { } a && a.Total > b.Total
            ? Round(100d * (a.Busy - b.Busy) / (a.Total - b.Total))
            : null;

        var (memoryUsed, memoryAvailable) = ReadMemory();
        var (diskUsed, diskFree) = ReadDisk();
        return new SystemMetrics(cpu, memoryUsed, memoryAvailable, diskUsed, diskFree, CountProcesses());
    }

    private static (long Busy, long Total)? ReadCpuTimes()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..." in jiffies since boot.
        var line = File.Exists("/proc/stat") ? File.ReadLines("/proc/stat").FirstOrDefault() : null;
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Sum();
        return (total - idle, total);
    }

    private static (double? UsedPercent, double? AvailableGb) ReadMemory()
    {
        if (!File.Exists("/proc/meminfo")) return (null, null);
        var values = File.ReadLines("/proc/meminfo")
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
        if (!values.TryGetValue("MemTotal", out var total) || !values.TryGetValue("MemAvailable", out var available) || total == 0)
        {
            return (null, null);
        }
        return (Round(100d * (total - available) / total), Round(available / BytesPerGb, 2));
    }

    private static (double? UsedPercent, double? FreeGb) ReadDisk()
    {
        var drive = new DriveInfo(Path.GetPathRoot(AppContext.BaseDirectory) ?? "/");
        if (!drive.IsReady || drive.TotalSize == 0) return (null, null);
        return (Round(100d * (drive.TotalSize - drive.TotalFreeSpace) / drive.TotalSize), Round(drive.AvailableFreeSpace / BytesPerGb, 2));
    }

    private static int? CountProcesses() => Directory.Exists("/proc")
        ? Directory.EnumerateDirectories("/proc").Count(d => Path.GetFileName(d).All(char.IsAsciiDigit))
        : null;

    private static double Round(double value, int digits = 1) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
