using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>On the context's own connection (its connection string no longer carries the password once used).</summary>
    public static async Task InstallAsync(DbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            PostgreSqlObjectsInstaller.Install((NpgsqlConnection)db.Database.GetDbConnection(), Name);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
