using InterviewPlatform.Shared.Email;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPlatform.Shared.Tests.Email;

internal static class EmailTestData
{
    public const string Sender = "talent@acme.test";
    public const string JoinUrl = "https://interviews.acme.test/join/abc123?token=x1";
    public const string MonitorUrl = "https://admin.acme.test/interviews/monitor/42";

    public static readonly DateTimeOffset Slot = new(2026, 12, 1, 13, 30, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    public static EmailOptions Options(string? pickupDirectory = null) => new()
    {
        SenderEmail = Sender,
        SenderName = "Acme Talent",
        PickupDirectory = pickupDirectory ?? Path.GetTempPath(),
    };

    public static EmailComposer Composer(TimeProvider? clock = null)
    {
        clock ??= Clock();
        return new EmailComposer(Microsoft.Extensions.Options.Options.Create(Options()), new InterviewCalendar(clock), clock);
    }

    public static InterviewEmailModel Model(string language = "en", string candidateName = "Jane Doe") => new(
        InterviewId: Guid.Parse("6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"),
        Language: language,
        CandidateName: candidateName,
        CandidateEmail: "jane@example.test",
        JobTitle: "Backend Engineer",
        CompanyName: "Acme",
        SlotUtc: Slot,
        TimeZone: "Asia/Kolkata",
        DurationMinutes: 45,
        JoinUrl: JoinUrl,
        PreviousSlotUtc: Slot.AddDays(-1),
        CalendarSequence: 0,
        RecruiterMonitorUrl: MonitorUrl);
}

/// <summary>A directory of its own per test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"email-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
