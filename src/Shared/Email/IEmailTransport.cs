using MimeKit;

namespace InterviewPlatform.Shared.Email;

/// <summary>Where composed mail goes: an SMTP relay, or a pickup folder when none is configured.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);

    /// <summary>For logs and health output, e.g. "SMTP smtp.example.com:587 (StartTls)".</summary>
    string Description { get; }
}
