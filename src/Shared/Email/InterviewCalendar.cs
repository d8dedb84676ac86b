using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace InterviewPlatform.Shared.Email;

/// <summary>
/// The iTIP invitation (.ics) attached to candidate emails. The UID depends only on the interview, so a
/// reschedule (higher SEQUENCE) moves the event already in the candidate's calendar and a cancel removes it.
/// </summary>
public sealed class InterviewCalendar(TimeProvider clock)
{
    public const string ProductId = "-//Interview Platform//EN";
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";

    public static string UidFor(Guid interviewId) => $"interview-{interviewId}@interview-platform";

    /// <param name="text">The event's words in the candidate's language: the title, and the label before the join link.</param>
    public string Build(InterviewEmailModel model, bool cancel, string organizerEmail, CalendarText text)
    {
        var start = model.SlotUtc.UtcDateTime;
        var interview = new CalendarEvent
        {
            Uid = UidFor(model.InterviewId),
            Sequence = model.CalendarSequence,
            DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime),
            DtStart = new CalDateTime(start),
            DtEnd = new CalDateTime(start.AddMinutes(model.DurationMinutes)),
            Summary = text.Summary,
            Status = cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
            // Calendars show the organiser's name: the company the candidate knows, not a no-reply address.
            Organizer = new Organizer($"mailto:{organizerEmail}") { CommonName = model.CompanyName },
        };
        interview.Attendees.Add(new Attendee($"mailto:{model.CandidateEmail}")
        {
            CommonName = model.CandidateName,
            Role = ParticipationRole.RequiredParticipant,
            ParticipationStatus = EventParticipationStatus.NeedsAction,
        });
        // A cancelled interview's link no longer works, so it is not repeated in the calendar.
        if (!cancel && !string.IsNullOrWhiteSpace(model.JoinUrl))
        {
            interview.Description = $"{text.JoinLabel}: {model.JoinUrl}";
            interview.Location = model.JoinUrl;
            interview.Url = new Uri(model.JoinUrl);
        }

        var calendar = new Calendar { ProductId = ProductId, Method = cancel ? Cancel : Request };
        calendar.Events.Add(interview);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}

/// <summary>The calendar event's words, in the candidate's language.</summary>
public sealed record CalendarText(string Summary, string JoinLabel);
