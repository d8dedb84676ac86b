using InterviewPlatform.Admin.Api.Operations;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPlatform.Admin.Api.Tests.Operations;

public sealed class RequestStatisticsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_summary_adds_up_requests_slow_ones_and_server_errors()
    {
        var statistics = new RequestStatistics(_clock);
        statistics.RecordRequest(TimeSpan.FromMilliseconds(100), 200, null);
        _clock.Advance(TimeSpan.FromMinutes(5));
        statistics.RecordRequest(TimeSpan.FromMilliseconds(300), 404, "not_found");
        statistics.RecordRequest(TimeSpan.FromSeconds(3), 500, "TimeoutException");
        statistics.RecordRequest(TimeSpan.FromMilliseconds(600), 200, null);
        statistics.RecordSystem(new SystemMetrics(20, 40, 8, 50, 100, 90));
        statistics.RecordSystem(new SystemMetrics(40, 60, 8, 50, 100, 90));

        var summary = statistics.Summary();

        Assert.Equal(4, summary.TotalRequests);
        Assert.Equal(1, summary.AverageResponseTime);
        Assert.Equal(3, summary.MaxResponseTime);
        Assert.Equal(0.1, summary.MinResponseTime);
        Assert.Equal(1, summary.SlowRequestsCount);
        Assert.Equal(25, summary.ErrorRate);
        Assert.Equal(30, summary.AverageCpuUsage);
        Assert.Equal(50, summary.AverageMemoryUsage);
        Assert.Equal(new Dictionary<string, long> { ["TimeoutException"] = 1, ["not_found"] = 1 }, statistics.Errors());
    }

    [Fact]
    public void Requests_older_than_a_day_drop_out_and_their_minute_is_reused()
    {
        var statistics = new RequestStatistics(_clock);
        statistics.RecordRequest(TimeSpan.FromSeconds(5), 503, "service_unavailable");
        _clock.Advance(TimeSpan.FromHours(23));
        statistics.RecordRequest(TimeSpan.FromMilliseconds(10), 200, null);
        Assert.Equal(2, statistics.Summary().TotalRequests);

        _clock.Advance(TimeSpan.FromHours(1)); // the first request's minute, a day later
        statistics.RecordRequest(TimeSpan.FromMilliseconds(20), 401, "authentication_error");

        var summary = statistics.Summary();
        Assert.Equal(2, summary.TotalRequests);
        Assert.Equal(0, summary.SlowRequestsCount);
        Assert.Equal(0, summary.ErrorRate);
        Assert.Equal(new Dictionary<string, long> { ["authentication_error"] = 1 }, statistics.Errors());
    }

    [Fact]
    public void A_quiet_node_reports_zeros_not_nonsense()
    {
        var summary = new RequestStatistics(_clock).Summary();

        Assert.Equal(0, summary.TotalRequests);
        Assert.Equal(0, summary.MinResponseTime);
        Assert.Equal(0, summary.ErrorRate);
        Assert.Null(summary.AverageCpuUsage);
    }
}
