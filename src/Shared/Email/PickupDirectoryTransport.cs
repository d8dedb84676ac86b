using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InterviewPlatform.Shared.Email;

/// <summary>
/// Without an SMTP server, each message becomes <c>&lt;yyyyMMdd-HHmmss&gt;-&lt;message id&gt;.eml</c> in EMAIL_PICKUP_DIR,
/// for a developer to open or a local relay to pick up. A retried send of the same Message-Id writes nothing,
/// so the folder never shows an email twice.
/// </summary>
public sealed partial class PickupDirectoryTransport(IOptions<EmailOptions> options, TimeProvider clock) : IEmailTransport
{
    private const string TimestampFormat = "yyyyMMdd-HHmmss";

    // Serialises check-then-write within this process, where concurrent retries of one message would otherwise race.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string FolderPath => Path.GetFullPath(options.Value.PickupDirectory);

    public string Description => $"pickup folder {FolderPath}";

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message.MessageId))
        {
            throw new InvalidOperationException("The pickup folder needs a Message-Id to tell a retry from a new message");
        }
        var suffix = $"-{FileSafe().Replace(message.MessageId, "_")}.eml";
        var folder = Directory.CreateDirectory(FolderPath);

        await _gate.WaitAsync(ct);
        try
        {
            if (AlreadyWritten(folder, suffix)) return;

            var path = Path.Combine(folder.FullName, clock.GetUtcNow().ToString(TimestampFormat, CultureInfo.InvariantCulture) + suffix);
            // Written under a temporary name and renamed, so a reader never sees half a message.
            var temp = Path.Combine(folder.FullName, $".{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
                {
                    await message.WriteToAsync(stream, ct);
                }
                File.Move(temp, path);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Matches the whole name after the timestamp, so id "a" is not mistaken for an existing "x-a".</summary>
    private static bool AlreadyWritten(DirectoryInfo folder, string suffix) =>
        folder.EnumerateFiles("*" + suffix).Any(f => f.Name.Length == TimestampFormat.Length + suffix.Length);

    [GeneratedRegex(@"[^A-Za-z0-9._@-]")]
    private static partial Regex FileSafe();
}
