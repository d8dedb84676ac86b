namespace InterviewPlatform.Shared.Audit;

/// <summary>Who changed what, when and from where, with a summary of the values before and after.</summary>
public sealed class AuditLog
{
    public long Id { get; set; }
    public int? ActorUserId { get; set; }
    public string? ActorEmail { get; set; }
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public string? EntityId { get; set; }
    public int? CompanyId { get; set; }
    public string? IpAddress { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>JSON object of the changed properties' old values.</summary>
    public string? Before { get; set; }
    /// <summary>JSON object of the changed properties' new values.</summary>
    public string? After { get; set; }
}
