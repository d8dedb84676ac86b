using System.Diagnostics;

namespace InterviewPlatform.LoadGenerator;

/// <summary>
/// N candidates answering Q questions each with think time between answers: submit-to-ack latency and
/// throughput, then a check in PostgreSQL that every acknowledged answer is stored exactly once and every
/// interview completed. With several nodes, candidates start round-robin and move on when a node dies.
/// </summary>
public static class SteadyMode
{
    private const int JoinConcurrency = 64;

    public static async Task<int> RunAsync(IReadOnlyList<Uri> nodes, int candidates, int questions, (int Min, int Max) think, CancellationToken ct)
    {
        Console.WriteLine($"steady: {candidates} candidates × {questions} answers on {nodes.Count} node(s), think {think.Min}-{think.Max} ms");
        await using var seeder = Seeder.FromEnvironment();
        using var metrics = new MetricsScraper(nodes);
        var seeded = await seeder.SeedAsync("steady", candidates, questions, ct);
        var counters = new RunCounters();
        var sessions = seeded.Candidates.Select(c => new CandidateSession(c, nodes, counters)).ToList();
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
            Console.WriteLine(MetricsScraper.MemoryPerConnection(before, await metrics.ScrapeAsync(ct), joined));

            // Everyone starts answering together, as on the morning of a hiring day.
            var answering = Stopwatch.StartNew();
            bool[] finished;
            try
            {
                finished = await Task.WhenAll(sessions.Select(s => s.AnswerAllAsync(think, ct)));
            }
            finally
            {
                // Printed even when the run times out: what was measured up to then.
                Report.Throughput("acks", counters.Acks.Count, answering.Elapsed);
                Console.WriteLine($"submit-to-ack (from first attempt): {counters.Acks.Summary()}");
                Console.WriteLine($"retried: {counters.Retries}");
                Console.WriteLine($"errors: {counters.Errors}");
            }

            var (stored, missing, completed) = await seeder.VerifyAsync(seeded.Candidates, counters.AckedAnswerIds, ct);
            var expected = candidates * questions;
            Console.WriteLine($"stored: {stored} of {expected} answers; acknowledged but not stored {missing}; completed {completed} of {candidates} interviews ({finished.Count(f => f)} candidates saw the end)");
            // Errors alone do not fail a steady run: in the fault run a killed node breaks connections on purpose.
            var pass = stored == expected && missing == 0 && completed == candidates;
            Console.WriteLine(pass ? "result: PASS" : "result: FAIL");
            return pass ? 0 : 1;
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
