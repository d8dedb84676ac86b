using InterviewPlatform.SessionServer.Sessions;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>What a candidate's link says once the interview changed: the interview's state wins over the link's time.</summary>
public sealed class CandidateAccessTests : IAsyncLifetime
{
    private static readonly IOptions<AuthOptions> _auth = Options.Create(new AuthOptions { SecretKey = SessionNode.SecretKey });
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CandidateTokenIssuer _issuer = new(_auth);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<string> RefusalAsync(string token)
    {
        await using var db = _database.CreateContext();
        var refused = await Assert.ThrowsAsync<SessionRefusedException>(() => new CandidateAccess(_auth, _clock).ValidateAsync(token, db, default));
        return refused.Code;
    }

    /// <summary>What the scheduler does: a new version (and slot) for the interview, which kills earlier links.</summary>
    private async Task<Interview> ChangeAsync(Guid id, Action<Interview> change)
    {
        await using var db = _database.CreateContext();
        var interview = await db.Interviews.IgnoreQueryFilters().SingleAsync(i => i.Id == id);
        change(interview);
        interview.TokenVersion++;
        await db.SaveChangesAsync();
        return interview;
    }

    [Fact]
    public async Task A_cancelled_interviews_link_says_cancelled_even_before_its_slot()
    {
        var interview = await _database.ScheduleInterviewAsync(_clock.GetUtcNow().AddDays(2));
        var link = _issuer.Issue(interview);

        await ChangeAsync(interview.Id, i => i.Status = InterviewStatus.Cancelled);

        Assert.Equal(RefusalCodes.InterviewCancelled, await RefusalAsync(link));
    }

    [Fact]
    public async Task A_cancelled_interviews_link_says_cancelled_after_a_reschedule_too()
    {
        var interview = await _database.ScheduleInterviewAsync(_clock.GetUtcNow().AddDays(2));
        var first = _issuer.Issue(interview);
        var second = _issuer.Issue(await ChangeAsync(interview.Id, i => i.ScheduledAt = i.ScheduledAt.AddDays(1)));

        await ChangeAsync(interview.Id, i => i.Status = InterviewStatus.Cancelled);

        Assert.Equal(RefusalCodes.InterviewCancelled, await RefusalAsync(first));
        Assert.Equal(RefusalCodes.InterviewCancelled, await RefusalAsync(second));
    }

    [Fact]
    public async Task An_old_link_after_a_reschedule_says_replaced_not_its_old_time()
    {
        var interview = await _database.ScheduleInterviewAsync(_clock.GetUtcNow().AddDays(2));
        var old = _issuer.Issue(interview);
        var current = _issuer.Issue(await ChangeAsync(interview.Id, i => i.ScheduledAt = i.ScheduledAt.AddDays(3)));

        Assert.Equal(RefusalCodes.LinkReplaced, await RefusalAsync(old));
        _clock.Advance(TimeSpan.FromDays(3)); // the old slot has come and gone
        Assert.Equal(RefusalCodes.LinkReplaced, await RefusalAsync(old));
        Assert.Equal(RefusalCodes.TooEarly, await RefusalAsync(current));
    }
}
