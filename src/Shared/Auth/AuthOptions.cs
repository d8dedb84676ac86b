using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>v7's token settings plus our throttling knobs.</summary>
public sealed class AuthOptions
{
    public const int MinimumSecretBytes = 32;

    [ConfigurationKeyName("SECRET_KEY")] public string SecretKey { get; set; } = "";
    [ConfigurationKeyName("ALGORITHM")] public string Algorithm { get; set; } = "HS256";
    [ConfigurationKeyName("ACCESS_TOKEN_EXPIRE_MINUTES")] public int AccessTokenExpireMinutes { get; set; } = 30;
    [ConfigurationKeyName("REFRESH_TOKEN_EXPIRE_DAYS")] public int RefreshTokenExpireDays { get; set; } = 14;

    /// <summary>bcrypt cost for new hashes; v7's hashes keep their own cost.</summary>
    [ConfigurationKeyName("PASSWORD_HASH_COST")] public int PasswordHashCost { get; set; } = 12;

    /// <summary>Failed logins for one email before it is locked for <see cref="AccountLockSeconds"/>.</summary>
    [ConfigurationKeyName("LOGIN_MAX_FAILURES")] public int AccountMaxFailures { get; set; } = 5;
    [ConfigurationKeyName("LOGIN_LOCK_SECONDS")] public int AccountLockSeconds { get; set; } = 300;

    /// <summary>Failed logins from one IP (any email) within the window before it must wait.</summary>
    [ConfigurationKeyName("LOGIN_MAX_FAILURES_PER_IP")] public int IpMaxFailures { get; set; } = 20;
    [ConfigurationKeyName("LOGIN_IP_BLOCK_SECONDS")] public int IpBlockSeconds { get; set; } = 60;
    [ConfigurationKeyName("LOGIN_FAILURE_WINDOW_SECONDS")] public int FailureWindowSeconds { get; set; } = 900;

    /// <summary>
    /// Logins in progress at once on this node, each holding at most one database connection. Twice the core count by
    /// default: while half wait on the database the other half keep every core's verification thread busy.
    /// </summary>
    [ConfigurationKeyName("LOGIN_CONCURRENCY")] public int LoginConcurrency { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>
    /// How long a login waits for a turn before it is answered 429. Long enough for a handful of checks at cost 12 on a
    /// busy machine (a waiting login holds no thread), short enough that a flood is told to back off.
    /// </summary>
    [ConfigurationKeyName("LOGIN_QUEUE_SECONDS")] public int LoginQueueSeconds { get; set; } = 10;

    /// <summary>How stale a node's view of "is this account still active" may be (at most a minute).</summary>
    [ConfigurationKeyName("USER_STATUS_CACHE_SECONDS")] public int UserStatusCacheSeconds { get; set; } = 30;

    public byte[] SecretBytes => Encoding.UTF8.GetBytes(SecretKey);
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var failures = new List<string>();
        var secretBytes = o.SecretBytes.Length;
        if (secretBytes == 0) failures.Add("SECRET_KEY is not set (it signs every token; use at least 32 random bytes)");
        else if (secretBytes < AuthOptions.MinimumSecretBytes) failures.Add($"SECRET_KEY must be at least {AuthOptions.MinimumSecretBytes} bytes, got {secretBytes}");
        if (!string.Equals(o.Algorithm, "HS256", StringComparison.OrdinalIgnoreCase)) failures.Add($"ALGORITHM must be HS256, got '{o.Algorithm}'");
        if (o.AccessTokenExpireMinutes is < 1 or > 24 * 60) failures.Add("ACCESS_TOKEN_EXPIRE_MINUTES must be between 1 and 1440");
        if (o.RefreshTokenExpireDays is < 1 or > 365) failures.Add("REFRESH_TOKEN_EXPIRE_DAYS must be between 1 and 365");
        if (o.UserStatusCacheSeconds is < 0 or > 60) failures.Add("USER_STATUS_CACHE_SECONDS must be between 0 and 60");
        if (o.LoginConcurrency is < 1 or > 1024) failures.Add("LOGIN_CONCURRENCY must be between 1 and 1024");
        if (o.LoginQueueSeconds is < 0 or > 60) failures.Add("LOGIN_QUEUE_SECONDS must be between 0 and 60");
        if (o.PasswordHashCost is < 4 or > 16) failures.Add("PASSWORD_HASH_COST must be between 4 and 16");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
