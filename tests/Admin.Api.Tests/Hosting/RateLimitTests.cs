using System.Net;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>The API limit: per user when authenticated, per client IP when not (v7 had 60 a minute per IP).</summary>
public sealed class RateLimitTests(RateLimitTests.Api api) : IClassFixture<RateLimitTests.Api>
{
    private const int PerMinute = 5;

    public sealed class Api : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RATE_LIMIT_PER_MINUTE"] = PerMinute.ToString(),
        };
    }

    [Fact]
    public async Task A_user_over_the_limit_gets_a_429_envelope_and_colleagues_behind_the_same_address_do_not()
    {
        var (company, _) = await api.CreateTenantAsync();
        var ip = AdminApiFactory.RandomIp();
        var busy = ClientFrom(ip, await TokenAsync(UserRole.CompanyUser, company.Id));
        var colleague = ClientFrom(ip, await TokenAsync(UserRole.CompanyUser, company.Id));

        for (var i = 0; i < PerMinute; i++) await (await busy.GetAsync("/auth/me")).ReadEnvelopeAsync(200);
        var refused = await busy.GetAsync("/auth/me");

        var envelope = await refused.ReadEnvelopeAsync(429);
        Assert.Equal($"Rate limit exceeded: {PerMinute} requests per minute", envelope.Message());
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(retryAfter, envelope.Result().GetProperty("retry_after_seconds").GetInt32());

        await (await colleague.GetAsync("/auth/me")).ReadEnvelopeAsync(200);
        // Load balancers' probes are never limited.
        await (await busy.GetAsync("/health/live")).ReadEnvelopeAsync(200);
    }

    [Fact]
    public async Task Anonymous_calls_are_counted_per_client_address()
    {
        var first = api.ClientFrom(AdminApiFactory.RandomIp());
        for (var i = 0; i < PerMinute; i++) await (await first.GetAsync("/companies")).ReadEnvelopeAsync(401);

        await (await first.GetAsync("/companies")).ReadEnvelopeAsync(429);
        await (await api.ClientFrom(AdminApiFactory.RandomIp()).GetAsync("/companies")).ReadEnvelopeAsync(401);
    }

    private async Task<string> TokenAsync(UserRole role, int companyId)
    {
        var user = await api.CreateUserAsync(role, companyId);
        return api.Services.GetRequiredService<AccessTokenIssuer>().Issue(user);
    }

    private HttpClient ClientFrom(string ip, string token)
    {
        var client = api.ClientFrom(ip);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}

/// <summary>Limits count the client's address only when the proxy reporting it is trusted.</summary>
public sealed class TrustedProxyTests(TrustedProxyTests.Api api) : IClassFixture<TrustedProxyTests.Api>
{
    public sealed class Api : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["TRUSTED_PROXIES"] = "10.20.0.0/16, 192.168.1.5",
        };
    }

    [Fact]
    public void Proxies_named_in_TRUSTED_PROXIES_are_believed_besides_loopback()
    {
        var options = api.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(IPAddress.Parse("192.168.1.5"), options.KnownProxies);
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Loopback));
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("10.20.3.4")));
        Assert.DoesNotContain(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("10.21.3.4")));
    }
}
