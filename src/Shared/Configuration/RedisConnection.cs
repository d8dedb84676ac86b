using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InterviewPlatform.Shared.Configuration;

/// <summary>One shared Redis connection per process, opened on first use (only when REDIS_URL is set).</summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
        ConnectionMultiplexer.ConnectAsync(options.Value.ToConfigurationString()!));

    public bool IsConfigured => options.Value.IsConfigured;

    public Task<ConnectionMultiplexer> GetAsync() => IsConfigured
        ? _connection.Value
        : throw new InvalidOperationException("REDIS_URL is not set");

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await (await _connection.Value).DisposeAsync();
    }
}
