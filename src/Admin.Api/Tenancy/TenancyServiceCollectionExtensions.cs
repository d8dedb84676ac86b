namespace InterviewPlatform.Admin.Api.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    public static IServiceCollection AddTenancyAdministration(this IServiceCollection services) =>
        services.AddScoped<UserDeactivation>().AddScoped<UserAdministration>();
}
