using InterviewPlatform.Shared.Configuration;
using Npgsql;

namespace InterviewPlatform.Shared.Tests.Configuration;

/// <summary>The connection budget an operator sets, and what a bad value says.</summary>
public sealed class DatabaseOptionsTests
{
    private const string Url = "postgresql://u:p@db.internal:5432/platform";

    [Fact]
    public void The_pool_is_twenty_by_default_never_resets_connections_and_prepares_repeated_statements()
    {
        var built = new NpgsqlConnectionStringBuilder(new DatabaseOptions { Url = Url }.ConnectionString);
        Assert.Equal(DatabaseOptions.DefaultPoolSize, built.MaxPoolSize);
        Assert.True(built.NoResetOnClose);
        Assert.Equal(DatabaseOptions.AutoPreparedStatements, built.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("postgresql://u:p@127.0.0.1:5432/platform", SslMode.Disable)]
    [InlineData("postgresql://u:p@localhost/platform", SslMode.Disable)]
    [InlineData("postgresql://u:p@127.0.0.1/platform?sslmode=require", SslMode.Require)]
    [InlineData(Url, SslMode.Prefer)]
    public void A_database_on_this_machine_is_reached_without_tls_unless_asked(string url, SslMode expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(new DatabaseOptions { Url = url }.ConnectionString).SslMode);

    [Fact]
    public void Automatic_preparation_can_be_turned_off_on_the_url()
    {
        var built = new NpgsqlConnectionStringBuilder(new DatabaseOptions { Url = Url + "?Max%20Auto%20Prepare=0" }.ConnectionString);
        Assert.Equal(0, built.MaxAutoPrepare);
    }

    [Theory]
    [InlineData(Url + "?Maximum%20Pool%20Size=35", null, 35)]
    [InlineData(Url + "?max_pool_size=12", null, 12)]
    [InlineData(Url + "?Maximum%20Pool%20Size=35", "8", 8)]
    [InlineData(Url, "50", 50)]
    public void The_pool_size_comes_from_DATABASE_POOL_SIZE_or_the_url(string url, string? poolSize, int expected)
    {
        var built = new NpgsqlConnectionStringBuilder(new DatabaseOptions { Url = url, PoolSize = poolSize }.ConnectionString);
        Assert.Equal(expected, built.MaxPoolSize);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("lots")]
    [InlineData("5000")]
    public void A_bad_pool_size_names_the_variable(string poolSize)
    {
        Assert.Null(new DatabaseOptions { Url = Url, PoolSize = poolSize }.TryBuildConnectionString(out var error));
        Assert.StartsWith("DATABASE_POOL_SIZE must be a number from 1 to 1000", error);
    }

    [Fact]
    public void Hangfire_gets_its_own_stated_share()
    {
        var options = new DatabaseOptions { Url = Url };
        Assert.Equal(10, new NpgsqlConnectionStringBuilder(options.JobsConnectionString(DatabaseOptions.JobsPoolSize(runServer: true, workers: 4))).MaxPoolSize);
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(options.JobsConnectionString(DatabaseOptions.JobsPoolSize(runServer: false, workers: 4))).MaxPoolSize);
    }
}
