using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Auth;

/// <summary>
/// Parallel bursts of wrong passwords, as an attacker sends them: every 401 is a password verification, so
/// the count of 401s is the count of guesses the throttle let through (default limits: 5 per email, 20 per IP).
/// </summary>
public abstract class ThrottleBurstTests(params AdminApiFactory[] nodes)
{
    private const int Burst = 40;

    [Fact]
    public async Task A_burst_against_one_account_gets_at_most_five_guesses()
    {
        var (company, _) = await nodes[0].CreateTenantAsync();
        var user = await nodes[0].CreateUserAsync(UserRole.CompanyUser, company.Id, email: $"burst-{Guid.NewGuid():N}@x.test");
        var ip = AdminApiFactory.RandomIp();

        var responses = await BurstAsync(ip, i => new { email = user.Email, password = $"guess{i}" });

        Assert.Equal(5, responses.Count(r => (int)r.StatusCode == 401));
        await AssertRestAreThrottledAsync(responses);
    }

    [Fact]
    public async Task A_burst_from_one_address_across_emails_gets_at_most_twenty_guesses()
    {
        var ip = AdminApiFactory.RandomIp();

        var responses = await BurstAsync(ip, i => new { email = $"spray{i}-{Guid.NewGuid():N}@x.test", password = "guess" });

        Assert.Equal(20, responses.Count(r => (int)r.StatusCode == 401));
        await AssertRestAreThrottledAsync(responses);
    }

    private async Task<HttpResponseMessage[]> BurstAsync(string ip, Func<int, object> body)
    {
        var clients = nodes.Select(n => n.ClientFrom(ip)).ToArray();
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, Burst).Select(async i =>
        {
            await start.WaitAsync();
            return await clients[i % clients.Length].PostAsJsonAsync("/auth/login", body(i));
        }).ToList();
        start.Release(Burst);
        return await Task.WhenAll(requests);
    }

    private static async Task AssertRestAreThrottledAsync(HttpResponseMessage[] responses)
    {
        foreach (var throttled in responses.Where(r => (int)r.StatusCode != 401))
        {
            await throttled.ReadEnvelopeAsync(429);
            Assert.InRange(int.Parse(Assert.Single(throttled.Headers.GetValues("Retry-After"))), 1, 900);
        }
    }
}

/// <summary>One node without Redis: the counters live in the process, under a lock.</summary>
public sealed class LocalThrottleBurstTests(AdminApiFactory api) : ThrottleBurstTests(api), IClassFixture<AdminApiFactory>;

/// <summary>Two nodes sharing the real Redis: the burst is split between them.</summary>
public sealed class RedisThrottleBurstTests(RedisThrottleBurstTests.Nodes nodes) : ThrottleBurstTests(nodes.A, nodes.B), IClassFixture<RedisThrottleBurstTests.Nodes>
{
    public sealed class Nodes : IAsyncLifetime
    {
        public AdminApiFactory A { get; } = new RedisNode();
        public AdminApiFactory B { get; } = new RedisNode();

        public async Task InitializeAsync()
        {
            await A.InitializeAsync();
            await B.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    private sealed class RedisNode : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["REDIS_URL"] = Environment.GetEnvironmentVariable("TEST_REDIS_URL")
                ?? throw new InvalidOperationException("TEST_REDIS_URL is not set: run the tests with ./platform test"),
        };
    }
}
