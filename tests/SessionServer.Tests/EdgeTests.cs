using System.Net;
using System.Net.Http.Json;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// The shipped nginx configuration in front of real processes: Admin.Api and two SessionServer nodes
/// on one database and the real Redis. One per test class.
/// </summary>
public sealed class EdgePlatform : IAsyncLifetime
{
    /// <summary>Test classes on an edge platform of their own that must not run at the same time (each starts nginx and three hosts).</summary>
    public const string Collection = "edge";

    public TestDatabase Database { get; private set; } = null!;
    public HostProcess Admin { get; private set; } = null!;
    public HostProcess[] Nodes { get; private set; } = [];
    public EdgeProxy Edge { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var env = SessionNode.ProcessSettings(Database);
        // The login burst test is about nginx's limit; the API's own failed-login throttle (kept in the
        // shared Redis across runs) must not answer first.
        Admin = HostProcess.Start("Admin.Api", new Dictionary<string, string?>(env) { ["LOGIN_MAX_FAILURES_PER_IP"] = "100000" });
        Nodes = [HostProcess.Start("SessionServer", env), HostProcess.Start("SessionServer", env)];
        await Task.WhenAll(Nodes.Append(Admin).Select(h => h.WaitUntilServingAsync()));
        Edge = await EdgeProxy.StartAsync(Admin.Url!, Nodes.Select(n => n.Url!).ToList());
    }

    public async Task DisposeAsync()
    {
        await Edge.DisposeAsync();
        foreach (var host in Nodes.Append(Admin)) await host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>What nginx itself does: TLS, redirects, v7's headers and limits, answered in the envelope.</summary>
[Collection(EdgePlatform.Collection)]
public sealed class EdgeTests(EdgePlatform platform) : IClassFixture<EdgePlatform>
{
    private EdgeProxy Edge => platform.Edge;

    [Fact]
    public async Task Plain_http_is_sent_to_https()
    {
        using var client = Edge.Client(Edge.HttpUrl);

        var response = await client.GetAsync("/interview/abc?token=t");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.StartsWith("https://", response.Headers.Location!.ToString());
        Assert.EndsWith("/interview/abc?token=t", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_api_answers_over_tls_with_v7s_security_headers()
    {
        using var api = Edge.Client(Edge.ApiUrl);

        var response = await api.GetAsync("/health");

        var envelope = await response.ReadEnvelopeAsync(200);
        Assert.Equal("healthy", envelope.Result().GetProperty("status").GetString());
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.False(response.Headers.Contains("X-XSS-Protection"));
    }

    [Fact]
    public async Task A_body_over_15_MiB_is_refused_at_the_edge_in_the_envelope()
    {
        using var api = Edge.Client(Edge.ApiUrl);
        using var body = new ByteArrayContent(new byte[16 * 1024 * 1024]);

        var response = await api.PostAsync("/interview/schedule", body);

        var envelope = await response.ReadEnvelopeAsync(413);
        Assert.Equal("Request body too large", envelope.Message());
    }

    [Fact]
    public async Task A_burst_of_logins_is_slowed_at_the_edge_in_the_envelope()
    {
        using var api = Edge.Client(Edge.ApiUrl);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            api.PostAsJsonAsync("/auth/login", new { email = $"nobody{i}@example.test", password = "guess" })));

        // v7's zone: one a second with a burst of five. However the twenty spread out on a busy machine,
        // the first ones reach the API (401 for these strangers) and nginx refuses the rest.
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        foreach (var response in responses.Where(r => r.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests)))
        {
            Assert.Fail($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{platform.Admin.Output[^Math.Min(platform.Admin.Output.Length, 3000)..]}");
        }
        // On a loaded machine the API's own login pool may refuse one too (429, its own words): nginx's is the one sought.
        var bodies = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests)
            .Select(async r => (Response: r, Envelope: await r.ReadEnvelopeAsync(429))));
        var refused = bodies.FirstOrDefault(b => b.Envelope.Message() == "Too many requests");
        Assert.True(refused.Response is not null, string.Join(" | ", bodies.Select(b => b.Envelope.Message())));
        Assert.True(refused.Response.Headers.Contains("Retry-After"));
    }
}

/// <summary>A node behind the edge dies mid-interview; the edge sends the candidate to the other.</summary>
public sealed class EdgeFailoverTests(EdgePlatform platform) : IClassFixture<EdgePlatform>
{
    private EdgeProxy Edge => platform.Edge;
    private HostProcess[] Nodes => platform.Nodes;
    private TestDatabase Database => platform.Database;

    [Fact]
    public async Task A_candidate_behind_the_edge_loses_a_node_and_resumes_on_the_other()
    {
        var interview = await Database.ScheduleInterviewAsync(DateTimeOffset.UtcNow, questions: 5);
        var token = new CandidateTokenIssuer(Options.Create(new AuthOptions { SecretKey = SessionNode.SecretKey })).Issue(interview);
        using var sessions = Edge.Client(Edge.SessionUrl);

        // The join link's page comes through the edge.
        var page = await sessions.GetAsync($"/interview/{interview.Id}?token={token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        await using var first = new CandidateClient(Connect(token));
        await first.Connection.StartAsync();
        await first.JoinAsync();
        for (var ordinal = 1; ordinal <= 3; ordinal++) await first.SubmitAsync(ordinal, $"answer {ordinal}");

        // The node nginx chose for this client dies.
        var serving = (await sessions.GetAsync("/health/live")).Headers.GetValues("X-Upstream").Single();
        var dead = Nodes.Single(n => new Uri(n.Url!).Authority == serving);
        await dead.DisposeAsync();
        await first.Closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await using var second = new CandidateClient(Connect(token));
        await second.Connection.StartAsync();
        var resumed = await second.JoinAsync();
        Assert.Equal(4, resumed.Current!.Ordinal);
        Assert.Equal([1, 2, 3], resumed.AnsweredOrdinals);
        Assert.NotEqual(serving, (await sessions.GetAsync("/health/live")).Headers.GetValues("X-Upstream").Single());
        await second.SubmitAsync(4, "answer 4");
        await second.SubmitAsync(5, "answer 5");
        await second.Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var db = Database.CreateContext();
        var answers = await db.InterviewAnswers.Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"answer {n}"), answers.Select(a => a.Text));
        Assert.Equal(InterviewStatus.Completed, (await db.Interviews.SingleAsync(i => i.Id == interview.Id)).Status);

        // With every node gone, the edge answers in the envelope too.
        foreach (var node in Nodes) await node.DisposeAsync();
        var envelope = await (await sessions.GetAsync("/health/live")).ReadEnvelopeAsync(503);
        Assert.Equal("Service temporarily unavailable", envelope.Message());
    }

    private HubConnection Connect(string token) => SessionNode.WithProtocol(new HubConnectionBuilder().WithUrl(
        $"{Edge.SessionUrl}/hubs/interview?device=laptop", o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            o.HttpMessageHandlerFactory = handler =>
            {
                if (handler is HttpClientHandler http) http.ServerCertificateCustomValidationCallback = (_, c, _, _) => Edge.Trusts(c);
                return handler;
            };
            o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = (_, c, _, _) => Edge.Trusts(c);
        }), messagePack: false).Build();
}
