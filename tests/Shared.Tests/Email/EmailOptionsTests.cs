using InterviewPlatform.Shared.Email;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Tests.Email;

public sealed class EmailOptionsTests
{
    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var options = Provider([]).GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Null(options.SmtpServer);
        Assert.Equal(587, options.SmtpPort);
        Assert.True(options.UseTls);
        Assert.Equal("no-reply@interview-platform.local", options.SenderEmail);
        Assert.Equal("Interview Platform", options.SenderName);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "mail-pickup"), options.PickupDirectory);
    }

    [Fact]
    public void V7_names_bind()
    {
        var options = Provider(new()
        {
            ["SMTP_SERVER"] = "smtp.acme.test",
            ["SMTP_PORT"] = "465",
            ["USE_TLS"] = "true",
            ["SENDER_EMAIL"] = "hr@acme.test",
            ["SENDER_PASSWORD"] = "pw",
            ["SENDER_NAME"] = "Acme HR",
            ["EMAIL_PICKUP_DIR"] = "/tmp/x",
        }).GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal(("smtp.acme.test", 465, "hr@acme.test", "pw", "Acme HR", "/tmp/x"),
            (options.SmtpServer, options.SmtpPort, options.SenderEmail, options.SenderPassword, options.SenderName, options.PickupDirectory));
        Assert.Equal(SecureSocketOptions.SslOnConnect, options.SocketOptions);
    }

    [Theory]
    [InlineData(587, true, SecureSocketOptions.StartTls)]
    [InlineData(465, true, SecureSocketOptions.SslOnConnect)]
    [InlineData(25, true, SecureSocketOptions.StartTls)]
    [InlineData(465, false, SecureSocketOptions.None)]
    public void Tls_mode_follows_port_and_use_tls(int port, bool useTls, SecureSocketOptions expected) =>
        Assert.Equal(expected, new EmailOptions { SmtpPort = port, UseTls = useTls }.SocketOptions);

    [Theory]
    [InlineData("SMTP_PORT", "0", "SMTP_PORT")]
    [InlineData("SMTP_PORT", "70000", "SMTP_PORT")]
    [InlineData("SENDER_EMAIL", "not-an-address", "SENDER_EMAIL")]
    [InlineData("SENDER_EMAIL", "HR <hr@acme.test>", "SENDER_EMAIL")]
    [InlineData("EMAIL_PICKUP_DIR", " ", "EMAIL_PICKUP_DIR")]
    public void Bad_settings_fail_at_startup_naming_the_variable(string key, string value, string named)
    {
        var provider = Provider(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Smtp_server_selects_smtp_otherwise_pickup_folder()
    {
        Assert.IsType<PickupDirectoryTransport>(Provider([]).GetRequiredService<IEmailTransport>());
        var smtp = Provider(new() { ["SMTP_SERVER"] = "smtp.acme.test" }).GetRequiredService<IEmailTransport>();
        Assert.IsType<SmtpEmailTransport>(smtp);
        Assert.Equal("SMTP smtp.acme.test:587 (StartTls)", smtp.Description);
    }

    [Fact]
    public void Composer_resolves_as_a_singleton()
    {
        var provider = Provider([]);

        Assert.Same(provider.GetRequiredService<EmailComposer>(), provider.GetRequiredService<EmailComposer>());
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton(TimeProvider.System).AddPlatformEmail(configuration).BuildServiceProvider();
    }
}
