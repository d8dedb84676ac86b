using InterviewPlatform.Shared.Audit;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Notifications;
using InterviewPlatform.Shared.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InterviewPlatform.Shared.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddPlatformData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<EvaluationReadyInterceptor>();
        // One pool per host for EF and the session engine's own SQL, sized by DATABASE_POOL_SIZE.
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        services.AddDbContext<PlatformDbContext>((sp, options) =>
            Configure(options, sp.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<EvaluationReadyInterceptor>()));
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>Names the bad variable instead of a generic message.</summary>
    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
            options.TryBuildConnectionString(out var error) is null ? ValidateOptionsResult.Fail(error!) : ValidateOptionsResult.Success;
    }
}
