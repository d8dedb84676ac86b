using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Operations;

/// <summary>v7's super-admin views of the node: machine metrics, request performance, errors by type.</summary>
public sealed class OperationsTests(OperationsTests.Api api) : IClassFixture<OperationsTests.Api>
{
    /// <summary>Admin.Api plus one route that fails the way a bug would.</summary>
    public sealed class Api : AdminApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingRoute>());
        }

        private sealed class FailingRoute : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Map("/test/bug", bug => bug.Run(_ => throw new InvalidOperationException("a bug")));
            };
        }
    }

    [Fact]
    public async Task Metrics_describe_this_machine_in_v7s_shape()
    {
        var admin = await api.LoginAsSuperAdminAsync();

        var envelope = await (await admin.GetAsync("/admin/metrics")).ReadEnvelopeAsync(200);

        Assert.Equal("Metrics retrieved", envelope.Message());
        var metrics = envelope.Result().GetProperty("system_metrics");
        Assert.InRange(metrics.GetProperty("cpu_usage_percent").GetDouble(), 0, 100);
        Assert.InRange(metrics.GetProperty("memory_usage_percent").GetDouble(), 0.1, 100);
        Assert.InRange(metrics.GetProperty("disk_usage_percent").GetDouble(), 0.1, 100);
        Assert.True(metrics.GetProperty("memory_available_gb").GetDouble() > 0);
        Assert.True(metrics.GetProperty("disk_free_gb").GetDouble() > 0);
        Assert.True(DateTimeOffset.UtcNow - envelope.Result().GetProperty("timestamp").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Performance_counts_the_requests_this_node_answered()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        var before = Summary(await (await admin.GetAsync("/admin/performance")).ReadEnvelopeAsync(200));
        for (var i = 0; i < 5; i++) await (await admin.GetAsync("/auth/me")).ReadEnvelopeAsync(200);
        await api.CreateClient().GetAsync("/test/bug");

        var envelope = await (await admin.GetAsync("/admin/performance")).ReadEnvelopeAsync(200);

        Assert.Equal("Performance metrics retrieved", envelope.Message());
        Assert.True(envelope.Result().GetProperty("current_system_metrics").GetProperty("process_count").GetInt32() > 1);
        var after = Summary(envelope);
        Assert.Equal("last_24_hours", after.GetProperty("summary_period").GetString());
        // The five calls, the failing one and the first /admin/performance itself.
        Assert.True(after.GetProperty("total_requests").GetInt64() >= before.GetProperty("total_requests").GetInt64() + 7);
        Assert.True(after.GetProperty("error_rate").GetDouble() > 0);
        var (min, average, max) = (after.GetProperty("min_response_time").GetDouble(),
            after.GetProperty("average_response_time").GetDouble(), after.GetProperty("max_response_time").GetDouble());
        Assert.True(min > 0 && min <= average && average <= max, $"min {min}, average {average}, max {max}");
    }

    [Fact]
    public async Task Errors_are_counted_by_type()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        await (await api.CreateClient().GetAsync("/test/bug")).ReadEnvelopeAsync(500);
        await (await admin.GetAsync($"/interview/{Guid.NewGuid()}")).ReadEnvelopeAsync(404);
        await (await admin.PostAsJsonAsync("/companies", new { })).ReadEnvelopeAsync(422);

        var envelope = await (await admin.GetAsync("/admin/errors")).ReadEnvelopeAsync(200);

        Assert.Equal("Error statistics retrieved", envelope.Message());
        var errors = envelope.Result();
        Assert.True(errors.GetProperty("InvalidOperationException").GetInt64() >= 1);
        Assert.True(errors.GetProperty("not_found").GetInt64() >= 1);
        Assert.True(errors.GetProperty("validation_error").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("/admin/metrics")]
    [InlineData("/admin/performance")]
    [InlineData("/admin/errors")]
    public async Task Only_a_super_admin_may_look(string path)
    {
        var (company, _) = await api.CreateTenantAsync();
        var companyAdmin = await api.LoginAsync((await api.CreateUserAsync(UserRole.CompanyUser, company.Id)).Email);

        var refused = await (await companyAdmin.GetAsync(path)).ReadEnvelopeAsync(403);
        Assert.Equal("Admin access required", refused.Message());
        await (await api.CreateClient().GetAsync(path)).ReadEnvelopeAsync(401);
    }

    private static System.Text.Json.JsonElement Summary(System.Text.Json.JsonElement envelope) =>
        envelope.Result().GetProperty("performance_summary");
}
