using System.Net;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>The dashboard's cookie must not let another site's page act on it: unsafe methods come from this origin only.</summary>
public sealed class DashboardCsrfTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await browser.PostAsync("/hangfire/login", Form(("email", AdminApiFactory.SuperAdminEmail), ("password", AdminApiFactory.Password)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    private static HttpRequestMessage Post(string url, HttpContent content, string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(header, value);
        return request;
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_cross_origin_trigger_with_the_sign_in_cookie_is_refused(string header, string value)
    {
        var browser = await SignedInBrowserAsync();

        var response = await browser.SendAsync(Post("/hangfire/recurring/trigger", Form(("jobs[]", "outbox-dispatch")), header, value));

        var envelope = await response.ReadEnvelopeAsync(403);
        Assert.Equal("Cross-origin request refused", envelope.Message());
    }

    [Fact]
    public async Task A_cross_origin_sign_in_is_refused()
    {
        var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var signIn = await browser.SendAsync(Post("/hangfire/login",
            Form(("email", AdminApiFactory.SuperAdminEmail), ("password", AdminApiFactory.Password)), "Origin", "https://evil.example"));

        await signIn.ReadEnvelopeAsync(403);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_dashboards_own_pages_may_post()
    {
        var browser = await SignedInBrowserAsync();

        var response = await browser.SendAsync(Post("/hangfire/stats", Form(("metrics[]", "enqueued:count")), "Origin", "http://localhost"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
