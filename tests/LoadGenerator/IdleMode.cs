using System.Diagnostics;

namespace InterviewPlatform.LoadGenerator;

/// <summary>
/// N candidates join and then say nothing: what an open, idle session costs the server in memory and
/// CPU. Connections are spread over several 127.0.0.x source addresses so that N can exceed one
/// address's ephemeral ports.
/// </summary>
public static class IdleMode
{
    private const int JoinConcurrency = 100;

    public static async Task<int> RunAsync(Uri node, int candidates, TimeSpan hold, SourceAddresses? sources, CancellationToken ct)
    {
        Console.WriteLine($"idle: {candidates} candidates {SourceAddresses.Describe(sources)}, holding {hold.TotalSeconds:F0} s");
        await using var seeder = Seeder.FromEnvironment();
        using var metrics = new MetricsScraper([node]);
        var seeded = await seeder.SeedAsync("idle", candidates, 1, ct);
        var counters = new RunCounters();
        var dropped = 0;
        var sessions = seeded.Candidates.Select(c => new CandidateSession(c, [node], counters, sources)).ToList();
        foreach (var session in sessions) session.Dropped += () => Interlocked.Increment(ref dropped);
        try
        {
            var before = await metrics.ScrapeAsync(ct);
            var joining = Stopwatch.StartNew();
            var joined = 0;
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = JoinConcurrency, CancellationToken = ct },
                async (session, token) =>
                {
                    if (await session.JoinAsync(token)) Interlocked.Increment(ref joined);
                });
            Report.Throughput("joined", joined, joining.Elapsed);
            Console.WriteLine($"join latency: {counters.Joins.Summary()}");

            var holdStart = await metrics.ScrapeAsync(ct);
            var holding = Stopwatch.StartNew();
            await Task.Delay(hold, ct);
            var holdEnd = await metrics.ScrapeAsync(ct);
            Console.WriteLine(MetricsScraper.MemoryPerConnection(before, holdEnd, joined));
            Console.WriteLine($"server CPU while idle: {MetricsScraper.CpuPercent(holdStart, holdEnd, holding.Elapsed)}");
            Console.WriteLine($"dropped while idle: {dropped}");
            Console.WriteLine($"retried: {counters.Retries}");
            Console.WriteLine($"errors: {counters.Errors}");
            var pass = joined == candidates && dropped == 0 && counters.Errors.Total == 0;
            Console.WriteLine(pass ? "result: PASS" : "result: FAIL");
            return pass ? 0 : 1;
        }
        finally
        {
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = JoinConcurrency },
                async (session, _) => await session.DisposeAsync());
        }
    }
}
