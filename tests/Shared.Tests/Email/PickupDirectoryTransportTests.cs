using InterviewPlatform.Shared.Email;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace InterviewPlatform.Shared.Tests.Email;

public sealed class PickupDirectoryTransportTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = EmailTestData.Clock();
    private readonly PickupDirectoryTransport _transport;

    public PickupDirectoryTransportTests() =>
        // A folder that does not exist yet: the transport creates it.
        _transport = new PickupDirectoryTransport(Options.Create(EmailTestData.Options(Path.Combine(_temp.Path, "nested", "pickup"))), _clock);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Same_message_sent_twice_is_written_once()
    {
        var message = EmailTestData.Composer().ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model("ar"), "outbox-1@interview-platform");

        await _transport.SendAsync(message, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _transport.SendAsync(message, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_transport.FolderPath));
        Assert.Equal("20261120-090000-outbox-1@interview-platform.eml", Path.GetFileName(file));
        var loaded = await MimeMessage.LoadAsync(file);
        Assert.Equal(message.Subject, loaded.Subject);
        Assert.Equal("outbox-1@interview-platform", loaded.MessageId);
        Assert.Contains("dir=\"rtl\"", loaded.HtmlBody);
        Assert.Single(loaded.Attachments);
    }

    [Fact]
    public async Task Distinct_ids_get_their_own_files_even_when_one_ends_like_the_other()
    {
        var composer = EmailTestData.Composer();

        await _transport.SendAsync(composer.ComposeForCandidate(EmailKind.Reminder1h, EmailTestData.Model(), "x-a@host"), CancellationToken.None);
        await _transport.SendAsync(composer.ComposeForCandidate(EmailKind.Reminder1h, EmailTestData.Model(), "a@host"), CancellationToken.None);

        Assert.Equal(["20261120-090000-a@host.eml", "20261120-090000-x-a@host.eml"],
            Directory.GetFiles(_transport.FolderPath).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Message_without_id_is_refused()
    {
        var message = new MimeMessage { Subject = "no id", Body = new TextPart("plain") { Text = "x" } };
        message.Headers.Remove(HeaderId.MessageId);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _transport.SendAsync(message, CancellationToken.None));
    }

    [Fact]
    public void Description_names_the_folder() =>
        Assert.Equal($"pickup folder {Path.Combine(_temp.Path, "nested", "pickup")}", _transport.Description);
}
