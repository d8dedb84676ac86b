using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>A host whose connection pool is used up answers "busy, retry" in the envelope, not 500, and recovers.</summary>
public sealed class BusyTests(BusyTests.SmallPool api) : IClassFixture<BusyTests.SmallPool>
{
    public sealed class SmallPool : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = Database.Url + "?Timeout=1",
            ["DATABASE_POOL_SIZE"] = "2",
        };
    }

    [Fact]
    public async Task An_exhausted_pool_answers_503_with_retry_after_and_the_host_recovers()
    {
        var client = await api.LoginAsSuperAdminAsync();
        var pool = api.Services.GetRequiredService<NpgsqlDataSource>();

        var held = new List<NpgsqlConnection> { await pool.OpenConnectionAsync(), await pool.OpenConnectionAsync() };
        var busy = await client.GetAsync("/companies");
        var envelope = await busy.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var connection in held) await connection.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(503, envelope.GetProperty("status").GetInt32());
        Assert.Contains("busy", envelope.GetProperty("message").GetString());
        Assert.Equal("1", busy.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        var again = await client.GetAsync("/companies");
        Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
    }
}
