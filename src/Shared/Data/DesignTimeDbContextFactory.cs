using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InterviewPlatform.Shared.Data;

/// <summary>For <c>dotnet ef migrations add</c>: generating a migration never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args)
    {
        var options = DataServiceCollectionExtensions.Configure(new DbContextOptionsBuilder<PlatformDbContext>(),
            "Host=127.0.0.1;Database=design_time");
        return new PlatformDbContext((DbContextOptions<PlatformDbContext>)options.Options, SystemUser.Instance);
    }
}
