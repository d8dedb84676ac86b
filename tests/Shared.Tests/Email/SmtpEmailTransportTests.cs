using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using InterviewPlatform.Shared.Email;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServices = SmtpServer.ComponentModel.ServiceProvider;

namespace InterviewPlatform.Shared.Tests.Email;

public sealed class SmtpEmailTransportTests
{
    [Fact]
    public async Task Message_arrives_at_a_real_smtp_server_with_subject_and_message_id()
    {
        await using var server = await FakeSmtpServer.StartAsync(requireLogin: false);
        var transport = Transport(server.Port, password: null);
        var message = EmailTestData.Composer().ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model("ja"), "outbox-9@interview-platform");

        await transport.SendAsync(message, CancellationToken.None);

        var (envelope, received) = Assert.Single(server.Received);
        Assert.Equal(message.Subject, received.Subject);
        Assert.Equal("outbox-9@interview-platform", received.MessageId);
        Assert.Equal(["jane@example.test"], envelope);
        Assert.Contains(EmailTestData.JoinUrl, received.TextBody);
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task Password_makes_the_transport_log_in_as_the_sender()
    {
        await using var server = await FakeSmtpServer.StartAsync(requireLogin: true);
        var transport = Transport(server.Port, password: "s3cret");
        var message = EmailTestData.Composer().ComposeForCandidate(EmailKind.Cancelled, EmailTestData.Model(), "outbox-10@interview-platform");

        await transport.SendAsync(message, CancellationToken.None);

        Assert.Equal([(EmailTestData.Sender, "s3cret")], server.Logins);
        Assert.Single(server.Received);
    }

    [Fact]
    public void Description_names_host_port_and_security() =>
        Assert.Equal("SMTP 127.0.0.1:2525 (None)", Transport(2525, password: null).Description);

    private static SmtpEmailTransport Transport(int port, string? password)
    {
        var options = EmailTestData.Options();
        options.SmtpServer = "127.0.0.1";
        options.SmtpPort = port;
        options.UseTls = false;
        options.SenderPassword = password;
        return new SmtpEmailTransport(Options.Create(options));
    }

    /// <summary>An in-process SMTP server on a free loopback port that keeps what it receives.</summary>
    private sealed class FakeSmtpServer : MessageStore, IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;

        public int Port { get; } = FreePort();
        public ConcurrentQueue<(string[] Recipients, MimeMessage Message)> Received { get; } = new();
        public ConcurrentQueue<(string User, string Password)> Logins { get; } = new();

        public static async Task<FakeSmtpServer> StartAsync(bool requireLogin)
        {
            var fake = new FakeSmtpServer();
            var options = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, fake.Port))
                    .AuthenticationRequired(requireLogin).AllowUnsecureAuthentication(requireLogin))
                .Build();
            var services = new SmtpServices();
            services.Add(fake);
            services.Add(new DelegatingUserAuthenticator((user, password) =>
            {
                fake.Logins.Enqueue((user, password));
                return true;
            }));
            fake._running = new SmtpServerHost(options, services).StartAsync(fake._stop.Token);
            await WaitUntilListeningAsync(fake.Port);
            return fake;
        }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var recipients = transaction.To.Select(m => $"{m.User}@{m.Host}").ToArray();
            Received.Enqueue((recipients, await MimeMessage.LoadAsync(stream, ct)));
            return SmtpResponse.Ok;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _running; } catch (OperationCanceledException) { }
            _stop.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // StartAsync binds in the background; a probe connection tells us when the port answers.
        private static async Task WaitUntilListeningAsync(int port)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException) when (attempt < 50)
                {
                    await Task.Delay(100);
                }
            }
        }
    }
}
