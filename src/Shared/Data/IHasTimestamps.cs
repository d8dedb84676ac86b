namespace InterviewPlatform.Shared.Data;

/// <summary>Stamped by <see cref="AuditInterceptor"/> from the injected <see cref="TimeProvider"/>.</summary>
public interface IHasTimestamps
{
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Every insert, update and delete of an audited entity writes an audit row in the same transaction.</summary>
public interface IAudited
{
    /// <summary>The company the row belongs to, so a company's own admins can read its audit trail.</summary>
    int? OwningCompanyId { get; }
}
