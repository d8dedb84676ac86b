using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InterviewPlatform.TestSupport;

/// <summary>
/// A real host process (Admin.Api or SessionServer, from its own build output), started with
/// nothing but environment variables, as an operator would. Output is collected for assertions and
/// failure messages. Disposing kills it outright, as a crashed node would die.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private HostProcess(string app, Process process, string? url)
    {
        App = app;
        _process = process;
        Url = url;
    }

    /// <summary>The host's assembly name: "Admin.Api" or "SessionServer".</summary>
    public string App { get; }

    public string? Url { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static HostProcess Start(string app, IReadOnlyDictionary<string, string?> environment, string[]? args = null, bool listen = true, string? workingDirectory = null)
    {
        var url = listen ? $"http://127.0.0.1:{FreePort()}" : null;
        var directory = OutputDirectory(app);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, app + ".dll"));
        foreach (var arg in args ?? []) start.ArgumentList.Add(arg);

        // Only what we give: no inherited settings from the test runner's environment.
        foreach (var key in start.Environment.Keys.Where(IsPlatformSetting).ToList()) start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (url is not null) start.Environment["ASPNETCORE_URLS"] = url;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var host = new HostProcess(app, process, url);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string app, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        await using var host = Start(app, environment, args, listen: args.Length == 0);
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, host.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    /// <summary>Waits until <c>/health/live</c> answers.</summary>
    public async Task<HttpClient> WaitUntilServingAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Url!) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{App} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return client;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{App} did not start within 60 s:\n{Output}");
    }

    /// <summary>Kills the process (SIGKILL: no shutdown hooks run, leases are left behind). Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>
    /// The host's own build output (src/{app}/bin/{configuration}/{framework}), so that it reads its own
    /// settings files as it would when deployed; beside the tests when that was not built.
    /// </summary>
    private static string OutputDirectory(string app)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory);
        var (framework, configuration) = (tests.Name, tests.Parent?.Name ?? "");
        var root = RepositoryRoot();
        var own = root is null ? null : Path.Combine(root, "src", app, "bin", configuration, framework);
        return own is not null && File.Exists(Path.Combine(own, app + ".dll")) ? own : AppContext.BaseDirectory;
    }

    /// <summary>The folder holding InterviewPlatform.sln, above the test's output.</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "InterviewPlatform.sln"))) return directory.FullName;
        }
        return null;
    }

    private static bool IsPlatformSetting(string key) =>
        key is "DATABASE_URL" or "SECRET_KEY" or "REDIS_URL" or "ADMIN_EMAIL" or "ADMIN_PASSWORD" or "HOST" or "PORT" or "ASPNETCORE_URLS"
        || key.StartsWith("DATABASE_", StringComparison.Ordinal) || key.StartsWith("TEST_", StringComparison.Ordinal);

    /// <summary>
    /// A port free now, chosen below the kernel's ephemeral range (32768 and up): a port the kernel handed out and took
    /// back could be given to any outgoing connection (a browser's, a database client's) before the host binds it.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (attempt < 200)
            {
                // taken: try another
            }
        }
    }
}
