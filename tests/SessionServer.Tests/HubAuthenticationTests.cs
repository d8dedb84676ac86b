using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;

namespace InterviewPlatform.SessionServer.Tests;

public sealed class HubAuthenticationTests(SessionServerFactory server) : IClassFixture<SessionServerFactory>
{
    [Fact]
    public async Task Health_has_the_v7_shape()
    {
        var health = await (await server.CreateClient().GetAsync("/health")).ReadEnvelopeAsync(200);
        Assert.Equal("healthy", health.Result().GetProperty("status").GetString());
        Assert.Equal("healthy", health.Result().GetProperty("services").GetProperty("database").GetString());
    }

    [Fact]
    public async Task A_valid_platform_token_opens_the_hub()
    {
        var (_, token) = await server.StaffTokenAsync();
        await using var hub = server.Hub(token);
        await hub.StartAsync();

        var serverTime = await hub.InvokeAsync<DateTimeOffset>("Ping");
        Assert.InRange(serverTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwidHlwZSI6InN1cGVyX2FkbWluIiwiZXhwIjo0MTAyNDQ0ODAwfQ.forged-signature")]
    public async Task Missing_or_forged_tokens_are_refused(string? token)
    {
        await using var hub = server.Hub(token, Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
