using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InterviewPlatform.Shared.Email;

/// <summary>
/// Sends through SMTP_SERVER with a fresh connection per message: mail is sent from background jobs a few at a
/// time, and a pooled connection would only add reconnect handling after the relay's idle timeout.
/// </summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    public string Description => $"SMTP {options.Value.SmtpServer}:{options.Value.SmtpPort} ({options.Value.SocketOptions})";

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = (int)_timeout.TotalMilliseconds };
        await client.ConnectAsync(o.SmtpServer ?? throw new InvalidOperationException("SMTP_SERVER is not set"), o.SmtpPort, o.SocketOptions, ct);
        if (!string.IsNullOrEmpty(o.SenderPassword))
        {
            await client.AuthenticateAsync(o.SenderEmail, o.SenderPassword, ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
