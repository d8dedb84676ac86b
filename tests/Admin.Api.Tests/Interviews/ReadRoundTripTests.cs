using System.Diagnostics;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>
/// The reads recruiters' dashboards poll cost one database round trip each (issue 9, item 11): each Npgsql command or
/// batch is one round trip and one "Npgsql" activity, counted here for one request by its trace id.
/// </summary>
public sealed class ReadRoundTripTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    [Fact]
    public async Task An_interview_with_its_answers_and_timeline_is_read_in_one_round_trip()
    {
        var recruiter = await api.DepartmentUserAsync();
        var id = await ScheduleAsync(recruiter.Client);
        await using (var db = api.Database.CreateContext())
        {
            var at = DateTimeOffset.UtcNow;
            db.InterviewAnswers.AddRange(
                new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = Guid.NewGuid(), Text = "It serialises bytecode.", SubmittedAt = at },
                new InterviewAnswer { InterviewId = id, Ordinal = 2, AnswerId = Guid.NewGuid(), Unanswered = true, SubmittedAt = at.AddMinutes(1) });
            db.IntegrityEvents.AddRange(
                new IntegrityEvent { InterviewId = id, Kind = IntegrityEventKind.FocusLost, At = at, IpAddress = "10.0.0.1" },
                new IntegrityEvent { InterviewId = id, Kind = IntegrityEventKind.Paste, Detail = "42 characters", At = at.AddSeconds(5) });
            await db.SaveChangesAsync();
        }
        await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200); // the token's status is cached from here on

        var (response, trips) = await CountRoundTripsAsync(recruiter.Client, $"/interview/{id}");
        var interview = (await response.ReadEnvelopeAsync(200)).Result();

        Assert.Equal(1, trips);
        Assert.Equal(2, interview.GetProperty("interview_questions").GetArrayLength());
        var answers = interview.GetProperty("interview_answers").EnumerateArray().ToList();
        Assert.Equal("It serialises bytecode.", answers[0].GetProperty("answer").GetString());
        Assert.True(answers[1].GetProperty("unanswered").GetBoolean());
        Assert.Equal(["focus_lost", "paste"], interview.GetProperty("integrity_events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("cv.pdf", interview.GetProperty("resume").GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task Another_department_cannot_read_the_interview_through_the_batch()
    {
        var owner = await api.DepartmentUserAsync();
        var id = await ScheduleAsync(owner.Client);
        var sales = new Shared.Tenancy.Department { CompanyId = owner.Company.Id, Name = "Sales" };
        await using (var db = api.Database.CreateContext())
        {
            db.Departments.Add(sales);
            await db.SaveChangesAsync();
        }
        var colleague = await api.CreateUserAsync(Shared.Auth.UserRole.DepartmentUser, owner.Company.Id, sales.Id);
        var outsider = await api.LoginAsync(colleague.Email);

        var envelope = await (await outsider.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(404);
        Assert.Equal("Interview not found", envelope.Message());
    }

    [Fact]
    public async Task A_page_of_interviews_and_its_total_come_in_one_round_trip()
    {
        var recruiter = await api.DepartmentUserAsync();
        for (var n = 0; n < 3; n++) await ScheduleAsync(recruiter.Client);
        await (await recruiter.Client.GetAsync("/interviews")).ReadEnvelopeAsync(200);

        var (response, trips) = await CountRoundTripsAsync(recruiter.Client, "/interviews?page=1&page_size=2");
        var page = (await response.ReadEnvelopeAsync(200)).Result();

        Assert.Equal(1, trips);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        // Past the end there is no row to carry the total: it is counted apart, and still right.
        var beyond = (await (await recruiter.Client.GetAsync("/interviews?page=5&page_size=2")).ReadEnvelopeAsync(200)).Result();
        Assert.Equal(3, beyond.GetProperty("total").GetInt32());
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
    }

    private static async Task<Guid> ScheduleAsync(HttpClient client)
    {
        var jobId = await SchedulingApi.CreateJdAsync(client);
        var scheduled = await (await client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200);
        return scheduled.Result().GetProperty("unique_id").GetGuid();
    }

    /// <summary>Sends one GET with a trace id of its own and counts the Npgsql commands and batches run under it.</summary>
    private static async Task<(HttpResponseMessage Response, int RoundTrips)> CountRoundTripsAsync(HttpClient client, string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        var trips = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == trace) Interlocked.Increment(ref trips);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (response, trips);
    }
}
