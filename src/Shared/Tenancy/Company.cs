using System.Text.Json.Serialization;
using InterviewPlatform.Shared.Data;

namespace InterviewPlatform.Shared.Tenancy;

public sealed class Company : IHasTimestamps, IAudited
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public CompanyStatus Status { get; set; } = CompanyStatus.Active;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    int? IAudited.OwningCompanyId => Id;
}

/// <summary>Spelled as v7 stores it.</summary>
public enum CompanyStatus
{
    [JsonStringEnumMemberName("Active")] Active,
    [JsonStringEnumMemberName("Inactive")] Inactive,
}
