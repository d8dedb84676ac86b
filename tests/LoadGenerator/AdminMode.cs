using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InterviewPlatform.LoadGenerator;

/// <summary>
/// The admin API's reads and logins (issue 9, items 11 and 12), in one run against one Admin.Api node:
/// <c>GET /interview/{id}</c> and <c>GET /interviews</c> on C connections; bcrypt itself (the same library, cost and
/// hash) verifying in a tight loop on every core of this process, the ceiling logins stand on; logins on C
/// connections (a correct password each time, so every login is a full check); and the interview read again while
/// the logins run, beside its idle p99.
/// </summary>
public static class AdminMode
{
    private const string Password = "bench password 123";

    public static async Task<int> RunAsync(Uri api, int connections, TimeSpan phase, bool logins, CancellationToken ct)
    {
        var cost = int.TryParse(Environment.GetEnvironmentVariable("PASSWORD_HASH_COST"), out var c) ? c : 12;
        await using var seeder = Seeder.FromEnvironment();
        var (emails, interviewId) = await seeder.SeedAdminAsync(connections, Password, cost, others: 300, ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections * 2 + 4 }) { BaseAddress = api };
        var token = await LoginAsync(http, emails[0], ct) ?? throw new InvalidOperationException("the benchmark user cannot log in");
        var errors = new Tally();

        Console.WriteLine($"admin API at {api}, {connections} connections, {phase.TotalSeconds:F0} s per phase, bcrypt cost {cost}, {Environment.ProcessorCount} cores");
        // Warm-up: until the server's code is fully optimised (tiered compilation with dynamic PGO takes thousands of calls).
        await ReadsAsync(http, token, $"/interview/{interviewId}", connections, TimeSpan.FromSeconds(10), errors, ct);
        await ReadsAsync(http, token, "/interviews", connections, TimeSpan.FromSeconds(5), errors, ct);
        var idle = await ReadsAsync(http, token, $"/interview/{interviewId}", connections, phase, errors, ct);
        Print("GET /interview/{id}", idle, phase);
        Print("GET /interviews", await ReadsAsync(http, token, "/interviews", connections, phase, errors, ct), phase);

        if (!logins) return errors.Total == 0 ? 0 : 1;
        var ceiling = BcryptCeiling(cost, phase);
        Console.WriteLine($"bcrypt alone (BCrypt.Net-Next, {Environment.ProcessorCount} threads): {ceiling:F2} verifies/s");
        var alone = await LoginsAsync(http, emails, phase, errors, ct);
        Console.WriteLine($"logins alone: {alone.Ok / phase.TotalSeconds:F2}/s = {alone.Ok / phase.TotalSeconds / ceiling:P0} of bcrypt alone; " +
            $"{alone.Busy} answered 429; login latency {alone.Latency.Summary()}");

        var duringTask = ReadsAsync(http, token, $"/interview/{interviewId}", connections, phase, errors, ct);
        var flood = await LoginsAsync(http, emails, phase, errors, ct);
        var during = await duringTask;
        Print("GET /interview/{id} during the login flood", during, phase);
        Console.WriteLine($"  p99 {during.P99:F1} ms = {during.P99 / idle.P99:F2}x idle; logins meanwhile {flood.Ok / phase.TotalSeconds:F2}/s, {flood.Busy} answered 429");
        Console.WriteLine($"errors: {errors}");
        return errors.Total == 0 ? 0 : 1;
    }

    private static void Print(string what, Reads reads, TimeSpan phase) =>
        Console.WriteLine($"{what}: {reads.Latency.Count / phase.TotalSeconds:F0} req/s, {reads.Latency.Summary()}");

    private sealed record Reads(Latencies Latency, double P99);

    private static async Task<Reads> ReadsAsync(HttpClient http, string token, string path, int connections, TimeSpan phase, Tally errors, CancellationToken ct)
    {
        var latency = new Latencies();
        var until = Stopwatch.GetTimestamp() + (long)(phase.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", token) } };
                using var response = await http.SendAsync(request, ct);
                await response.Content.LoadIntoBufferAsync(ct);
                if (response.IsSuccessStatusCode) latency.AddSince(start);
                else errors.Add($"GET {path.Split('/')[1]}: {(int)response.StatusCode}");
            }
        }, ct)));
        return new Reads(latency, latency.Percentile(99));
    }

    private static async Task<(int Ok, int Busy, Latencies Latency)> LoginsAsync(HttpClient http, IReadOnlyList<string> emails, TimeSpan phase, Tally errors, CancellationToken ct)
    {
        var (ok, busy, latency) = (0, 0, new Latencies());
        var until = Stopwatch.GetTimestamp() + (long)(phase.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(emails.Select(email => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/auth/login", new { email, password = Password }, ct);
                if (response.IsSuccessStatusCode)
                {
                    latency.AddSince(start);
                    Interlocked.Increment(ref ok);
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref busy);
                else errors.Add($"POST auth/login: {(int)response.StatusCode}");
            }
        }, ct)));
        return (ok, busy, latency);
    }

    /// <summary>Verifies per second with every core checking the benchmark's password against its hash, nothing else running.</summary>
    private static double BcryptCeiling(int cost, TimeSpan phase)
    {
        var hash = BCrypt.Net.BCrypt.HashPassword(Password, cost);
        Spin(hash, TimeSpan.FromSeconds(5)); // warm-up, as the server's copy is by its own logins
        return Spin(hash, phase);
    }

    /// <summary>Verifies per second on one thread per core for <paramref name="phase"/>, counted to the last one to finish.</summary>
    private static double Spin(string hash, TimeSpan phase)
    {
        var count = 0;
        var started = Stopwatch.GetTimestamp();
        var until = Stopwatch.GetTimestamp() + (long)(phase.TotalSeconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                if (!BCrypt.Net.BCrypt.Verify(Password, hash)) throw new InvalidOperationException("bcrypt refused its own hash");
                Interlocked.Increment(ref count);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<string?> LoginAsync(HttpClient http, string email, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/auth/login", new { email, password = Password }, ct);
        if (!response.IsSuccessStatusCode) return null;
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return body.RootElement.GetProperty("result").GetProperty("access_token").GetString();
    }
}
