using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace InterviewPlatform.LoadGenerator;

/// <summary>
/// Recruiters watching from another node: N candidates answer on node A while N watchers on node B's
/// monitor hub wait for each "answered" event, timed from the candidate's AnswerAccepted to the event's
/// arrival (both clocks are this process's, so the difference needs no clock sync).
/// </summary>
public static class MonitorMode
{
    private const int ConnectConcurrency = 64;
    private static readonly TimeSpan _straggling = TimeSpan.FromSeconds(5);

    /// <summary>The monitor hub's event, as the recruiter console receives it.</summary>
    private sealed record MonitorEvent(Guid InterviewId, string Kind, string? Detail, int Answered, int QuestionCount, DateTimeOffset At);

    public static async Task<int> RunAsync(Uri nodeA, Uri nodeB, int candidates, int questions, CancellationToken ct)
    {
        Console.WriteLine($"monitor: {candidates} candidates × {questions} answers on {nodeA}, {candidates} watchers on {nodeB}");
        await using var seeder = Seeder.FromEnvironment();
        using var metrics = new MetricsScraper([nodeA, nodeB]);
        var seeded = await seeder.SeedAsync("monitor", candidates, questions, ct);
        var recruiterToken = await seeder.RecruiterTokenAsync(seeded.CompanyId, ct);

        var accepted = new ConcurrentDictionary<(Guid, int), long>();
        var seen = new ConcurrentDictionary<(Guid, int), long>();
        var counters = new RunCounters();
        var watcherErrors = new Tally();
        var watchers = new ConcurrentBag<HubConnection>();
        var sessions = seeded.Candidates.Select(c => new CandidateSession(c, [nodeA], counters)
        {
            OnAnswerAccepted = (ordinal, at) => accepted.TryAdd((c.InterviewId, ordinal), at),
        }).ToList();
        try
        {
            var before = await metrics.ScrapeAsync(ct);
            await Parallel.ForEachAsync(seeded.Candidates, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = ct },
                async (candidate, token) =>
                {
                    var watcher = Hubs.Recruiter(nodeB, recruiterToken);
                    watcher.On<MonitorEvent>("SessionEvent", e =>
                    {
                        // On a sequential run, "answered n" follows the answer to question n.
                        if (e.Kind == "answered") seen.TryAdd((e.InterviewId, e.Answered), Stopwatch.GetTimestamp());
                    });
                    watchers.Add(watcher);
                    try
                    {
                        await watcher.StartAsync(token);
                        await watcher.InvokeAsync<JsonElement>("Watch", candidate.InterviewId, token);
                    }
                    catch (Exception e) when (!token.IsCancellationRequested)
                    {
                        watcherErrors.Add("Watch", e);
                    }
                });
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = ct },
                async (session, token) => await session.JoinAsync(token));
            Console.WriteLine(MetricsScraper.MemoryPerConnection(before, await metrics.ScrapeAsync(ct), candidates * 2));

            var answering = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(s => s.AnswerAllAsync((20, 120), ct)));
            answering.Stop();
            var waiting = Stopwatch.StartNew();
            while (seen.Count < accepted.Count && waiting.Elapsed < _straggling) await Task.Delay(50, ct);

            var latencies = new Latencies();
            var early = 0;
            foreach (var (key, at) in accepted)
            {
                if (!seen.TryGetValue(key, out var arrived)) continue;
                if (arrived < at) early++;
                latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(at, arrived).TotalMilliseconds));
            }
            var missing = accepted.Count - latencies.Count;
            Report.Throughput("acks", counters.Acks.Count, answering.Elapsed);
            Console.WriteLine($"submit-to-ack: {counters.Acks.Summary()}");
            Console.WriteLine($"ack-to-watcher (\"answered\" on the other node): {latencies.Summary()}; {early} arrived before the ack (counted as 0)");
            Console.WriteLine($"answered events not received within {_straggling.TotalSeconds:F0} s: {missing}");
            Console.WriteLine($"retried: {counters.Retries}");
            Console.WriteLine($"errors: candidates {counters.Errors}; watchers {watcherErrors}");
            var pass = missing == 0 && accepted.Count == candidates * questions && counters.Errors.Total == 0 && watcherErrors.Total == 0;
            Console.WriteLine(pass ? "result: PASS" : "result: FAIL");
            return pass ? 0 : 1;
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()).Concat(watchers.Select(w => w.DisposeAsync().AsTask())));
        }
    }
}
