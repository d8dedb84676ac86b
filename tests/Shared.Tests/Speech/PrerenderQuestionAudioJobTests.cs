using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Tests.Speech;

public sealed class PrerenderQuestionAudioJobTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private FakeDeepgram _fake = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _fake = await FakeDeepgram.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Every_question_is_rendered_once_however_often_the_job_runs()
    {
        var interview = await _database.ScheduleInterviewAsync(DateTimeOffset.UtcNow.AddDays(1), questions: 4);
        using var host = SpeechHost.WithDeepgram(_fake);

        await RunAsync(host, interview.Id);
        Assert.Equal(4, _fake.Requests);
        Assert.Equal(["Question 1?", "Question 2?", "Question 3?", "Question 4?"], _fake.Seen.Select(r => r.Text).Order());
        Assert.Equal(4, host.StoredClips.Length);

        await RunAsync(host, interview.Id); // a Hangfire retry, or a reschedule
        Assert.Equal(4, _fake.Requests);

        await using var heard = await host.Speech.SpeakAsync("Question 2?", interview.Language);
        Assert.True(heard.FromCache);
    }

    [Fact]
    public async Task An_interview_that_is_gone_is_nothing_to_render()
    {
        using var host = SpeechHost.WithDeepgram(_fake);

        await RunAsync(host, Guid.NewGuid());

        Assert.Equal(0, _fake.Requests);
    }

    private async Task RunAsync(SpeechHost host, Guid interviewId)
    {
        await using var db = _database.CreateContext();
        var job = new PrerenderQuestionAudioJob(db, host.Speech, host.Services.GetRequiredService<ILogger<PrerenderQuestionAudioJob>>());
        await job.RunAsync(interviewId, CancellationToken.None);
    }
}
