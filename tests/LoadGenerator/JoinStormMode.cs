using System.Diagnostics;

namespace InterviewPlatform.LoadGenerator;

/// <summary>N candidates arriving evenly over T seconds, each timed from connect to the state Join returns.</summary>
public static class JoinStormMode
{
    public static async Task<int> RunAsync(Uri node, int candidates, TimeSpan spread, SourceAddresses? sources, CancellationToken ct)
    {
        Console.WriteLine($"join-storm: {candidates} joins over {spread.TotalSeconds:F0} s {SourceAddresses.Describe(sources)}");
        await using var seeder = Seeder.FromEnvironment();
        using var metrics = new MetricsScraper([node]);
        var seeded = await seeder.SeedAsync("join-storm", candidates, 1, ct);
        var counters = new RunCounters();
        var sessions = seeded.Candidates.Select(c => new CandidateSession(c, [node], counters, sources)).ToList();
        try
        {
            var before = await metrics.ScrapeAsync(ct);
            var storm = Stopwatch.StartNew();
            var joined = await Task.WhenAll(sessions.Select(async (session, i) =>
            {
                await Task.Delay(spread * i / candidates, ct);
                return await session.JoinAsync(ct);
            }));
            storm.Stop();
            var after = await metrics.ScrapeAsync(ct);

            var count = joined.Count(j => j);
            Report.Throughput("joined", count, storm.Elapsed);
            Console.WriteLine($"join latency (connect + Join): {counters.Joins.Summary()}");
            Console.WriteLine(MetricsScraper.MemoryPerConnection(before, after, count));
            Console.WriteLine($"retried: {counters.Retries}");
            Console.WriteLine($"errors: {counters.Errors}");
            // A join that only succeeded on a later attempt still counts against the storm: the target is no errors.
            var pass = count == candidates && counters.Errors.Total == 0;
            Console.WriteLine(pass ? "result: PASS" : "result: FAIL");
            return pass ? 0 : 1;
        }
        finally
        {
            await Parallel.ForEachAsync(sessions, async (session, _) => await session.DisposeAsync());
        }
    }
}
