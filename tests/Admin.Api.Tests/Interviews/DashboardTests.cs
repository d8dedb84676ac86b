using System.Net;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>/hangfire is for super admins only, by bearer header or by the cookie its sign-in page sets.</summary>
public sealed class DashboardTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    [Fact]
    public async Task Anonymous_and_recruiters_never_see_the_dashboard()
    {
        await (await api.CreateClient().GetAsync("/hangfire")).ReadEnvelopeAsync(401);
        var recruiter = await api.CompanyAdminAsync();
        var response = await recruiter.Client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Recurring", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_super_admin_sees_the_recurring_reminder_jobs()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        var page = await Poll(() => admin.GetStringAsync("/hangfire/recurring"), html => html.Contains("interview-reminders"));
        Assert.Contains("interview-reminders", page);
        Assert.Contains("outbox-dispatch", page);
    }

    [Fact]
    public async Task The_sign_in_page_sets_a_cookie_that_opens_the_dashboard()
    {
        var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Contains("<form", await browser.GetStringAsync("/hangfire/login"));

        var signIn = await browser.PostAsync("/hangfire/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = AdminApiFactory.SuperAdminEmail,
            ["password"] = AdminApiFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);

        var dashboard = await browser.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Interview Platform jobs", await dashboard.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_recruiter_signing_in_is_turned_away()
    {
        var recruiter = await api.CompanyAdminAsync();
        var browser = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await browser.PostAsync("/hangfire/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = recruiter.User.Email,
            ["password"] = AdminApiFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    /// <summary>Recurring jobs are registered by a background service shortly after start.</summary>
    private static async Task<string> Poll(Func<Task<string>> read, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(250);
        }
    }
}
