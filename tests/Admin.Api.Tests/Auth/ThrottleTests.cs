using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Auth;

public sealed class ThrottleTests(ThrottleTests.Api api) : IClassFixture<ThrottleTests.Api>
{
    public sealed class Api : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["LOGIN_MAX_FAILURES"] = "3",
            ["LOGIN_LOCK_SECONDS"] = "120",
            ["LOGIN_MAX_FAILURES_PER_IP"] = "1000",
        };
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_for_the_right_password()
    {
        var (company, _) = await api.CreateTenantAsync();
        var user = await api.CreateUserAsync(UserRole.CompanyUser, company.Id);
        var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = "guess" + i })).ReadEnvelopeAsync(401);
        }

        var locked = await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password });
        var envelope = await locked.ReadEnvelopeAsync(429);
        Assert.Contains("Too many", envelope.Message());
        var retryAfter = int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 120);
    }

    [Fact]
    public async Task Unknown_emails_lock_the_same_way_so_locks_reveal_nothing()
    {
        var client = api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostAsJsonAsync("/auth/login", new { email = "ghost@nowhere.test", password = "guess" })).ReadEnvelopeAsync(401);
        }
        await (await client.PostAsJsonAsync("/auth/login", new { email = "ghost@nowhere.test", password = "guess" })).ReadEnvelopeAsync(429);
    }

    [Fact]
    public async Task Successful_logins_are_not_slowed()
    {
        var (company, _) = await api.CreateTenantAsync();
        var user = await api.CreateUserAsync(UserRole.CompanyUser, company.Id);
        var client = api.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password })).ReadEnvelopeAsync(200);
        }
    }

    [Fact]
    public async Task A_success_before_the_limit_clears_the_account_count()
    {
        var (company, _) = await api.CreateTenantAsync();
        var user = await api.CreateUserAsync(UserRole.CompanyUser, company.Id);
        var client = api.CreateClient();
        for (var round = 0; round < 3; round++)
        {
            await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = "typo" })).ReadEnvelopeAsync(401);
            await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = "typo" })).ReadEnvelopeAsync(401);
            await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password })).ReadEnvelopeAsync(200);
        }
    }
}

/// <summary>Per-IP throttling across many emails, shared by two nodes through the real Redis.</summary>
public sealed class IpThrottleTests : IAsyncLifetime
{
    private NodeApi _nodeA = null!;
    private NodeApi _nodeB = null!;

    private sealed class NodeApi(string redisUrl) : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["LOGIN_MAX_FAILURES_PER_IP"] = "6",
            ["LOGIN_IP_BLOCK_SECONDS"] = "60",
            ["REDIS_URL"] = redisUrl,
        };
    }

    public async Task InitializeAsync()
    {
        var redis = Environment.GetEnvironmentVariable("TEST_REDIS_URL")
            ?? throw new InvalidOperationException("TEST_REDIS_URL is not set: run the tests with ./platform test");
        _nodeA = new NodeApi(redis);
        _nodeB = new NodeApi(redis);
        await _nodeA.InitializeAsync();
        await _nodeB.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
    }

    [Fact]
    public async Task Failures_from_one_ip_across_emails_and_nodes_make_it_wait()
    {
        // A fresh client address per run, so an earlier run's block (still in Redis) cannot interfere.
        var ip = AdminApiFactory.RandomIp();
        var a = _nodeA.ClientFrom(ip);
        var b = _nodeB.ClientFrom(ip);
        for (var i = 0; i < 6; i++)
        {
            var client = i % 2 == 0 ? a : b;
            await (await client.PostAsJsonAsync("/auth/login", new { email = $"spray{i}-{Guid.NewGuid():N}@x.test", password = "guess" })).ReadEnvelopeAsync(401);
        }
        var blocked = await b.PostAsJsonAsync("/auth/login", new { email = "another@x.test", password = "guess" });
        await blocked.ReadEnvelopeAsync(429);
        Assert.True(blocked.Headers.Contains("Retry-After"));
    }
}
