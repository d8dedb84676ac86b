using System.Text.Json.Serialization;

namespace InterviewPlatform.Shared.Email;

public enum EmailKind
{
    Invitation,
    [JsonStringEnumMemberName("reminder_24h")] Reminder24h,
    [JsonStringEnumMemberName("reminder_1h")] Reminder1h,
    Rescheduled,
    Cancelled,

    /// <summary>To the recruiter who scheduled the interview, once per evaluation run, in the recruiter's language.</summary>
    EvaluationReady,
}
