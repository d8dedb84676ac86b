using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InterviewPlatform.Shared.Email;

/// <summary>v7's mail settings. Without SMTP_SERVER, mail is written to EMAIL_PICKUP_DIR instead of sent.</summary>
public sealed class EmailOptions
{
    [ConfigurationKeyName("SMTP_SERVER")] public string? SmtpServer { get; set; }
    [ConfigurationKeyName("SMTP_PORT")] public int SmtpPort { get; set; } = 587;
    [ConfigurationKeyName("USE_TLS")] public bool UseTls { get; set; } = true;
    [ConfigurationKeyName("SENDER_EMAIL")] public string SenderEmail { get; set; } = "no-reply@interview-platform.local";

    /// <summary>Authenticates as <see cref="SenderEmail"/> when set; relays that need no login leave it empty.</summary>
    [ConfigurationKeyName("SENDER_PASSWORD")] public string? SenderPassword { get; set; }
    [ConfigurationKeyName("SENDER_NAME")] public string SenderName { get; set; } = "Interview Platform";
    [ConfigurationKeyName("EMAIL_PICKUP_DIR")] public string PickupDirectory { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "mail-pickup");

    public bool IsSmtpConfigured => !string.IsNullOrWhiteSpace(SmtpServer);

    /// <summary>Port 465 speaks TLS from the first byte; every other port upgrades with STARTTLS.</summary>
    public SecureSocketOptions SocketOptions => !UseTls ? SecureSocketOptions.None
        : SmtpPort == 465 ? SecureSocketOptions.SslOnConnect
        : SecureSocketOptions.StartTls;

    public MailboxAddress Sender => new(SenderName, SenderEmail);
}

internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions o)
    {
        var failures = new List<string>();
        if (o.SmtpPort is < 1 or > 65535) failures.Add($"SMTP_PORT must be between 1 and 65535, got {o.SmtpPort}");
        // TryParse alone accepts "Name <addr>" and bare local parts; the sender must be one plain address.
        if (!MailboxAddress.TryParse(o.SenderEmail, out var sender) || sender.Address != o.SenderEmail.Trim() || !sender.Address.Contains('@'))
        {
            failures.Add($"SENDER_EMAIL must be an email address, got '{o.SenderEmail}'");
        }
        if (!o.IsSmtpConfigured && string.IsNullOrWhiteSpace(o.PickupDirectory))
        {
            failures.Add("EMAIL_PICKUP_DIR must be set when SMTP_SERVER is not (mail is written there instead)");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
