namespace InterviewPlatform.Shared.Email;

public enum EmailKind
{
    Invitation,
    Reminder24h,
    Reminder1h,
    Rescheduled,
    Cancelled,
}
