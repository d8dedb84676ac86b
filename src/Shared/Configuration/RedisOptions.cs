using Microsoft.Extensions.Configuration;

namespace InterviewPlatform.Shared.Configuration;

/// <summary>REDIS_URL (redis://[:password@]host:port[/db] or host:port). Unset means a single node.</summary>
public sealed class RedisOptions
{
    [ConfigurationKeyName("REDIS_URL")] public string? Url { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The StackExchange.Redis configuration string for <see cref="Url"/>.</summary>
    public string? ToConfigurationString()
    {
        if (!IsConfigured) return null;
        var url = Url!.Trim();
        if (!url.Contains("://")) return url + ",abortConnect=false";

        var uri = new Uri(url);
        var parts = new List<string> { $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}" };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo is [var user, var password])
        {
            if (user.Length > 0) parts.Add($"user={Uri.UnescapeDataString(user)}");
            parts.Add($"password={Uri.UnescapeDataString(password)}");
        }
        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var db)) parts.Add($"defaultDatabase={db}");
        if (uri.Scheme == "rediss") parts.Add("ssl=true");
        parts.Add("abortConnect=false");
        return string.Join(',', parts);
    }
}
