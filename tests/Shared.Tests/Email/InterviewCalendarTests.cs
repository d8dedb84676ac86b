using Ical.Net;
using Ical.Net.CalendarComponents;
using InterviewPlatform.Shared.Email;

namespace InterviewPlatform.Shared.Tests.Email;

public sealed class InterviewCalendarTests
{
    private static readonly CalendarText _english = new("Interview: Backend Engineer (Acme)", "Join the interview");
    private readonly InterviewCalendar _calendar = new(EmailTestData.Clock());

    [Fact]
    public void Invitation_parses_back_with_the_interviews_details()
    {
        var ics = _calendar.Build(EmailTestData.Model() with { CalendarSequence = 3 }, cancel: false, EmailTestData.Sender, _english);

        var calendar = Calendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("-//Interview Platform//EN", calendar.ProductId);
        var interview = Assert.Single(calendar.Events);
        Assert.Equal("interview-6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b@interview-platform", interview.Uid);
        Assert.Equal(3, interview.Sequence);
        Assert.Contains("DTSTART:20261201T133000Z", ics);
        Assert.True(interview.DtStart!.IsUtc);
        Assert.Equal(EmailTestData.Slot.UtcDateTime, interview.DtStart.AsUtc);
        Assert.Equal(EmailTestData.Slot.UtcDateTime.AddMinutes(45), interview.DtEnd!.AsUtc);
        Assert.Equal("Interview: Backend Engineer (Acme)", interview.Summary);
        Assert.Contains(EmailTestData.JoinUrl, interview.Description);
        Assert.Equal(EmailTestData.JoinUrl, interview.Location);
        Assert.Equal(new Uri(EmailTestData.JoinUrl), interview.Url);
        Assert.Equal(new Uri($"mailto:{EmailTestData.Sender}"), interview.Organizer!.Value);
        Assert.Equal("Acme", interview.Organizer.CommonName);
        Assert.Equal($"Join the interview: {EmailTestData.JoinUrl}", interview.Description);
        Assert.Equal(new Uri("mailto:jane@example.test"), Assert.Single(interview.Attendees).Value);
        Assert.Equal(EventStatus.Confirmed, interview.Status);
    }

    [Fact]
    public void Reschedule_keeps_the_uid_and_carries_the_new_sequence_and_time()
    {
        var model = EmailTestData.Model();
        var moved = model with { SlotUtc = model.SlotUtc.AddDays(2), CalendarSequence = 1 };

        var first = Assert.Single(Calendar.Load(_calendar.Build(model, cancel: false, EmailTestData.Sender, _english))!.Events);
        var second = Assert.Single(Calendar.Load(_calendar.Build(moved, cancel: false, EmailTestData.Sender, _english))!.Events);

        Assert.Equal(first.Uid, second.Uid);
        Assert.Equal((0, 1), (first.Sequence, second.Sequence));
        Assert.Equal(moved.SlotUtc.UtcDateTime, second.DtStart!.AsUtc);
    }

    [Fact]
    public void Cancel_uses_method_cancel_and_status_cancelled()
    {
        var ics = _calendar.Build(EmailTestData.Model() with { CalendarSequence = 2 }, cancel: true, EmailTestData.Sender, _english);

        var calendar = Calendar.Load(ics)!;
        Assert.Equal("CANCEL", calendar.Method);
        var interview = Assert.Single(calendar.Events);
        Assert.Equal(EventStatus.Cancelled, interview.Status);
        Assert.Equal(2, interview.Sequence);
        Assert.Equal(InterviewCalendar.UidFor(EmailTestData.Model().InterviewId), interview.Uid);
        Assert.DoesNotContain(EmailTestData.JoinUrl, ics);
    }
}
