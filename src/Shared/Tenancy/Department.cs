using InterviewPlatform.Shared.Data;

namespace InterviewPlatform.Shared.Tenancy;

public sealed class Department : IHasTimestamps, IAudited
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    int? IAudited.OwningCompanyId => CompanyId;
}
