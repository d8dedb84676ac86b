using Hangfire.PostgreSql;
using Npgsql;

namespace InterviewPlatform.Shared.Jobs;

/// <summary>Hangfire's own tables (schema "hangfire"), installed or upgraded by the migrate command.</summary>
public static class JobsSchema
{
    public const string Name = "hangfire";

    public static async Task InstallAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        PostgreSqlObjectsInstaller.Install(connection, Name);
    }
}
