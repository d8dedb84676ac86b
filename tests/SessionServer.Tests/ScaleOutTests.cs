using System.Threading.Channels;
using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Two SessionServer nodes in process on one database and the real Redis (backplane and lease).
/// A node killed mid-interview is in <see cref="ProcessFailoverTests"/>, with real processes.
/// </summary>
public sealed class ScaleOutTests() : TwoNodes(SessionNode.RedisUrl)
{
    [Fact]
    public async Task A_recruiter_on_node_B_watches_a_candidate_on_node_A()
    {
        var interview = await NodeA.ScheduleAsync(questions: 2);
        var (_, recruiterToken) = await NodeB.StaffTokenAsync(UserRole.CompanyUser, interview.CompanyId);
        var events = Channel.CreateUnbounded<MonitorEvent>();
        await using var monitor = NodeB.Hub("/hubs/monitor", recruiterToken);
        monitor.On<MonitorEvent>("SessionEvent", e => events.Writer.TryWrite(e));
        await monitor.StartAsync();
        var snapshot = await monitor.InvokeAsync<WatchSnapshot>("Watch", interview.Id);
        Assert.Equal(InterviewStatus.Scheduled, snapshot.Status);

        await using var candidate = new CandidateClient(NodeA.Hub("/hubs/interview", NodeA.CandidateToken(interview), device: "laptop"));
        await candidate.Connection.StartAsync();
        await candidate.JoinAsync();
        await candidate.SubmitAsync(1, "first");
        await candidate.Connection.InvokeAsync("ReportIntegrity", IntegrityEventKind.Paste, "1200 characters");
        await candidate.SubmitAsync(2, "second");

        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!seen.Contains("completed"))
        {
            var e = await events.Reader.ReadAsync(timeout.Token);
            seen.Add(e.Kind);
            if (e.Kind == "answered" && e.Answered == 1) Assert.Equal(2, e.QuestionCount);
        }
        Assert.Equal(["connected", "joined", "question_shown", "answered", "question_shown", "integrity", "answered", "completed"], seen);
    }

    [Fact]
    public async Task Another_tenants_interview_cannot_be_watched()
    {
        var interview = await NodeA.ScheduleAsync();
        var other = await NodeA.ScheduleAsync(); // a different company
        var (_, recruiterToken) = await NodeB.StaffTokenAsync(UserRole.CompanyUser, other.CompanyId);
        await using var monitor = NodeB.Hub("/hubs/monitor", recruiterToken);
        await monitor.StartAsync();

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => monitor.InvokeAsync<WatchSnapshot>("Watch", interview.Id));
        Assert.Contains("interview_not_found", error.Message);
    }
}
