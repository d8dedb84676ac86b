using System.Text.Json.Serialization;

namespace InterviewPlatform.Shared.Email;

public enum EmailKind
{
    Invitation,
    [JsonStringEnumMemberName("reminder_24h")] Reminder24h,
    [JsonStringEnumMemberName("reminder_1h")] Reminder1h,
    Rescheduled,
    Cancelled,
}
