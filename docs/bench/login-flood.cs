#:property PublishAot=false
// Reads' latency while a login flood runs, against a running Admin.Api (issue 9, items 2 and 12).
// Usage: dotnet run docs/bench/login-flood.cs -- <base url> <admin email> <admin password> [seconds per phase]
// Sets up a company, department, job and one interview, then measures GET /interview/{id} with 32 connections
// alone, and again while 32 more connections log in (correct password, so every login is a full bcrypt check).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var (baseUrl, email, password) = (args[0].TrimEnd('/'), args[1], args[2]);
var seconds = args.Length > 3 ? int.Parse(args[3]) : 20;
var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { BaseAddress = new Uri(baseUrl) };

async Task<JsonElement> Call(HttpMethod method, string url, object? body = null, string? token = null, HttpContent? content = null)
{
    using var request = new HttpRequestMessage(method, url) { Content = content ?? (body is null ? null : JsonContent.Create(body)) };
    if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
    return JsonDocument.Parse(text).RootElement.GetProperty("result").Clone();
}

var admin = (await Call(HttpMethod.Post, "/auth/login", new { email, password })).GetProperty("access_token").GetString()!;
var company = (await Call(HttpMethod.Post, "/companies", new { name = $"Bench {Guid.NewGuid():N}" }, admin)).GetProperty("id").GetInt32();
var department = (await Call(HttpMethod.Post, $"/companies/{company}/departments", new { name = "Bench" }, admin)).GetProperty("id").GetInt32();
var job = (await Call(HttpMethod.Post, "/jds", new { title = "Bench", domain = "python", department_id = department,
    questions = new[] { new { text = "One?" }, new { text = "Two?" }, new { text = "Three?" } } }, admin)).GetProperty("id").GetInt32();
var form = new MultipartFormDataContent
{
    { new StringContent("Bench Candidate"), "full_name" }, { new StringContent("30"), "age" }, { new StringContent("bench@example.test"), "email_id" },
    { new StringContent(job.ToString()), "job_id" }, { new StringContent(company.ToString()), "company_id" },
    { new ByteArrayContent("Bench candidate resume, Python developer."u8.ToArray()) { Headers = { ContentType = new("text/plain") } }, "resume", "cv.txt" },
};
var interview = (await Call(HttpMethod.Post, "/interview/schedule", content: form, token: admin)).GetProperty("unique_id").GetString();

async Task<(int Count, double P50, double P99)> Reads(TimeSpan duration)
{
    var latencies = new List<double>[32];
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async c =>
    {
        var mine = latencies[c] = [];
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            await Call(HttpMethod.Get, $"/interview/{interview}", token: admin);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

async Task<(int Ok, int Busy)> Flood(CancellationToken stop)
{
    int ok = 0, busy = 0;
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
    {
        while (!stop.IsCancellationRequested)
        {
            using var response = await http.PostAsJsonAsync("/auth/login", new { email, password });
            if (response.IsSuccessStatusCode) Interlocked.Increment(ref ok); else Interlocked.Increment(ref busy);
        }
    }));
    return (ok, busy);
}

await Reads(TimeSpan.FromSeconds(5)); // warm-up
var idle = await Reads(TimeSpan.FromSeconds(seconds));
Console.WriteLine($"idle:  {idle.Count / (double)seconds,8:F0} reads/s  p50 {idle.P50,6:F1} ms  p99 {idle.P99,6:F1} ms");

using var stop = new CancellationTokenSource();
var flood = Flood(stop.Token);
await Task.Delay(TimeSpan.FromSeconds(2)); // let the flood fill the pool
var during = await Reads(TimeSpan.FromSeconds(seconds));
stop.Cancel();
var (logins, refused) = await flood;
Console.WriteLine($"flood: {during.Count / (double)seconds,8:F0} reads/s  p50 {during.P50,6:F1} ms  p99 {during.P99,6:F1} ms");
Console.WriteLine($"logins during the flood: {logins} ok ({logins / (seconds + 2.0):F1}/s), {refused} answered 429 (pool busy)");
