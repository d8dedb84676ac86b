using Microsoft.Extensions.Configuration;
using Npgsql;

namespace InterviewPlatform.Shared.Configuration;

/// <summary>The v7 database settings: DATABASE_URL, or its parts when the URL is absent.</summary>
public sealed class DatabaseOptions
{
    [ConfigurationKeyName("DATABASE_URL")] public string? Url { get; set; }
    [ConfigurationKeyName("DATABASE_HOST")] public string? Host { get; set; }
    [ConfigurationKeyName("DATABASE_PORT")] public string? Port { get; set; }
    [ConfigurationKeyName("DATABASE_NAME")] public string? Name { get; set; }
    [ConfigurationKeyName("DATABASE_USER")] public string? User { get; set; }
    [ConfigurationKeyName("DATABASE_PASSWORD")] public string? Password { get; set; }

    /// <summary>The application's connections per host; Hangfire's come on top (<see cref="JobsPoolSize"/>).</summary>
    [ConfigurationKeyName("DATABASE_POOL_SIZE")] public string? PoolSize { get; set; }

    public const int DefaultPoolSize = 20;

    /// <summary>Prepared statements kept per connection (Npgsql's automatic preparation).</summary>
    public const int AutoPreparedStatements = 100;

    /// <summary>The Npgsql connection string, or null with <paramref name="error"/> naming the bad variable.</summary>
    public string? TryBuildConnectionString(out string? error)
    {
        var built = TryBuildBase(out error);
        if (built is null) return null;
        var builder = new NpgsqlConnectionStringBuilder(built)
        {
            // Our connections never change session state (no SET, temp tables or advisory locks), so the pool
            // need not send DISCARD ALL before each reuse: one round trip less per request.
            NoResetOnClose = true,
        };
        // Statements a connection runs again and again (every hot path's) are prepared on the server after a few uses:
        // PostgreSQL then skips parsing and planning them, ~40 % less of its CPU per read here (docs/benchmarks.md).
        // "Max Auto Prepare" on the URL sets it otherwise (0 turns it off).
        if (!built.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = AutoPreparedStatements;
        // TLS to a database on this machine protects nothing and costs both sides CPU on every round trip (Npgsql's
        // default "Prefer" negotiates it whenever the server offers it, as Debian's does). An sslmode that was asked for
        // is kept.
        if (!built.Contains("SSL Mode", StringComparison.OrdinalIgnoreCase) && IsLoopback(builder.Host)) builder.SslMode = SslMode.Disable;
        if (!string.IsNullOrWhiteSpace(PoolSize))
        {
            if (!int.TryParse(PoolSize, out var size) || size is < 1 or > 1000)
            {
                error = $"DATABASE_POOL_SIZE must be a number from 1 to 1000, got '{PoolSize}'";
                return null;
            }
            builder.MaxPoolSize = size;
        }
        else if (!_poolSizeOnUrl)
        {
            builder.MaxPoolSize = DefaultPoolSize;
        }
        return builder.ConnectionString;
    }

    private bool _poolSizeOnUrl;

    private static bool IsLoopback(string? host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>
    /// Hangfire's own pool, out of the same server's budget: a host that runs the job server needs its
    /// workers plus a few for Hangfire's schedulers; a host that only enqueues needs a few.
    /// </summary>
    public static int JobsPoolSize(bool runServer, int workers) => runServer ? workers + 6 : 3;

    /// <summary>The connection string of Hangfire's pool (its size from <see cref="JobsPoolSize"/>).</summary>
    public string JobsConnectionString(int poolSize) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = poolSize, ApplicationName = "hangfire" }.ConnectionString;

    private string? TryBuildBase(out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(Url))
        {
            return FromUrl(Url, out error);
        }
        if (string.IsNullOrWhiteSpace(Host))
        {
            error = "DATABASE_URL is not set (expected postgresql://user:password@host:5432/database)";
            return null;
        }
        if (!int.TryParse(Port ?? "5432", out var port))
        {
            error = $"DATABASE_PORT must be a number, got '{Port}'";
            return null;
        }
        return new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = port,
            Database = Name ?? "interview_platform",
            Username = User,
            Password = Password,
        }.ConnectionString;
    }

    private string? _connectionString;

    /// <summary>Built once: every DbContext (one per request) asks for it.</summary>
    public string ConnectionString =>
        _connectionString ??= TryBuildConnectionString(out var error) ?? throw new InvalidOperationException(error);

    private string? FromUrl(string url, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("postgresql" or "postgres") || string.IsNullOrEmpty(uri.Host))
        {
            error = "DATABASE_URL must be a postgresql:// URL (postgresql://user:password@host:5432/database)";
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, "");
            key = Uri.UnescapeDataString(key);
            if (key == "sslmode" && Enum.TryParse<SslMode>(value.Replace("-", ""), ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
            else
            {
                // Npgsql's own settings may ride on the URL ("?Maximum Pool Size=30&Timeout=5"); others are ignored, as v7 did.
                var name = key.Replace('_', ' ') is var spaced && spaced.Equals("max pool size", StringComparison.OrdinalIgnoreCase)
                    ? "Maximum Pool Size" : spaced;
                try
                {
                    builder[name] = value;
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException)
                {
                    continue;
                }
                _poolSizeOnUrl |= name.Equals("Maximum Pool Size", StringComparison.OrdinalIgnoreCase);
            }
        }
        return builder.ConnectionString;
    }
}
