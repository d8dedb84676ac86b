using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Debian's nginx running deploy/nginx/ as shipped, with only the lines marked "# @..." pointed at
/// loopback ports, this run's hosts and a throwaway certificate. The one test-only addition is an
/// X-Upstream header naming the node that answered.
/// </summary>
public sealed partial class EdgeProxy : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _thumbprint;

    private EdgeProxy(Process process, string directory, string thumbprint, int http, int api, int session)
    {
        _process = process;
        Directory = directory;
        _thumbprint = thumbprint;
        HttpUrl = $"http://127.0.0.1:{http}";
        ApiUrl = $"https://127.0.0.1:{api}";
        SessionUrl = $"https://127.0.0.1:{session}";
    }

    public string Directory { get; }
    public string HttpUrl { get; }
    public string ApiUrl { get; }
    public string SessionUrl { get; }

    public static async Task<EdgeProxy> StartAsync(string adminNode, IReadOnlyList<string> sessionNodes)
    {
        if (!File.Exists(Nginx)) throw new InvalidOperationException($"{Nginx} is missing: ./platform test installs it (apt-get install nginx)");
        var deploy = Path.Combine(HostProcess.RepositoryRoot() ?? throw new InvalidOperationException("repository not found"), "deploy", "nginx");
        var directory = System.IO.Directory.CreateTempSubdirectory("edge").FullName;
        // nginx's workers run as nobody when the tests run as root; they write request bodies here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        var (http, api, session) = (HostProcess.FreePort(), HostProcess.FreePort(), HostProcess.FreePort());

        var thumbprint = WriteCertificate(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "edge.conf"),
            await File.ReadAllTextAsync(Path.Combine(deploy, "interview-platform-edge.conf")) + "\nadd_header X-Upstream $upstream_addr always;\n");
        var site = Render(await File.ReadAllTextAsync(Path.Combine(deploy, "interview-platform.conf")), new Dictionary<string, string>
        {
            ["admin-node"] = $"server {Address(adminNode)};",
            ["session-node"] = string.Join("\n    ", sessionNodes.Select(n => $"server {Address(n)} max_fails=1 fail_timeout=10s;")),
            ["http"] = $"listen 127.0.0.1:{http};",
            ["names"] = "server_name _;",
            ["api-https"] = $"listen 127.0.0.1:{api} ssl http2;",
            ["session-https"] = $"listen 127.0.0.1:{session} ssl http2;",
            ["api-name"] = "server_name _;",
            ["session-name"] = "server_name _;",
            ["certificate"] = $"ssl_certificate {directory}/edge.crt;",
            ["certificate-key"] = $"ssl_certificate_key {directory}/edge.key;",
            ["edge"] = $"include {directory}/edge.conf;",
        });
        await File.WriteAllTextAsync(Path.Combine(directory, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/site.conf;
            }
            """);

        var start = new ProcessStartInfo(Nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-g", "daemon off;" }) start.ArgumentList.Add(arg);
        var proxy = new EdgeProxy(new Process { StartInfo = start }, directory, thumbprint, http, api, session);
        await proxy.StartAndWaitAsync(api);
        return proxy;
    }

    /// <summary>Accepts this proxy's own certificate and no other.</summary>
    public bool Trusts(X509Certificate? certificate) =>
        certificate is not null && string.Equals(certificate.GetCertHashString(), _thumbprint, StringComparison.OrdinalIgnoreCase);

    public HttpClient Client(string baseUrl) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Trusts(certificate),
        AllowAutoRedirect = false,
    })
    { BaseAddress = new Uri(baseUrl) };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task StartAndWaitAsync(int port)
    {
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"nginx exited with {_process.ExitCode}:\n{Output()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"nginx did not listen within 20 s:\n{Output()}");
    }

    private string Output()
    {
        var log = Path.Combine(Directory, "error.log");
        lock (_output) return _output + (File.Exists(log) ? File.ReadAllText(log) : "");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Replaces each line marked "# @name" (all of them must be used, so the shipped file cannot drift).</summary>
    private static string Render(string config, IReadOnlyDictionary<string, string> lines)
    {
        var used = new HashSet<string>();
        var rendered = Marked().Replace(config, m =>
        {
            var name = m.Groups["name"].Value;
            if (!lines.TryGetValue(name, out var replacement)) throw new InvalidOperationException($"No test value for the marked line @{name}");
            // The session node lines become this run's list once; every other marker is replaced where it stands.
            if (!used.Add(name) && name == "session-node") return "";
            return m.Groups["indent"].Value + replacement;
        });
        var unused = lines.Keys.Except(used).ToList();
        if (unused.Count > 0) throw new InvalidOperationException($"deploy/nginx no longer marks: {string.Join(", ", unused)}");
        return rendered;
    }

    private static string WriteCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "edge.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "edge.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate.GetCertHashString();
    }

    private static string Address(string url) => new Uri(url).Authority;

    [GeneratedRegex(@"^(?<indent>[ \t]*)\S.*#\s*@(?<name>[a-z-]+)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Marked();
}
