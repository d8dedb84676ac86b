// Load generator for the live session (docs/benchmarks.md). Loopback only; every mode is bounded in
// connections and in time (--timeout-seconds, 10 minutes by default). Seeds its own interviews straight
// into PostgreSQL: needs DATABASE_URL and the server's SECRET_KEY in the environment.
using System.Globalization;
using InterviewPlatform.LoadGenerator;

const string Usage = """
    usage: LoadGenerator <mode> ... [--timeout-seconds 600]
      steady <url> N Q [--think-ms 20-120] [--nodes url2,url3]   N candidates answer Q questions each
      idle <url> N [--sources K] [--hold-seconds 30]               N joined candidates stay silent
      join-storm <url> N T [--sources K]                           N joins spread over T seconds
      monitor <urlA> <urlB> N Q                                    watchers on B, candidates on A
      admin <admin api url> [--connections 32] [--seconds 15] [--logins no]  reads, bcrypt alone, logins, reads during logins
      audio <url> N                                                N candidates' time to first question audio chunk, miss and hit
      fake-speak <port> [--latency-ms 200]                         Deepgram's /v1/speak on loopback for the audio mode
    """;

try
{
    var (positional, options) = Arguments.Split(args);
    var timeout = TimeSpan.FromSeconds(Arguments.Int(options.GetValueOrDefault("timeout-seconds", "600"), "timeout-seconds", 1, 3600));
    using var cancel = new CancellationTokenSource(timeout);
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    var ct = cancel.Token;
    var mode = positional.ElementAtOrDefault(0);
    var rest = positional.Skip(1).ToArray();
    string[] known = mode switch
    {
        "steady" => ["think-ms", "nodes"],
        "idle" => ["sources", "hold-seconds"],
        "join-storm" => ["sources"],
        "admin" => ["connections", "seconds", "logins"],
        "fake-speak" => ["latency-ms"],
        _ => [],
    };
    if (options.Keys.FirstOrDefault(k => k != "timeout-seconds" && !known.Contains(k)) is { } unknown)
        throw new ArgumentException($"--{unknown} is not an option of {mode ?? "any mode"}");
    using var sources = options.TryGetValue("sources", out var k) ? new SourceAddresses(Arguments.Int(k, "sources", 1, 254)) : null;
    Task<int> run = (mode, rest.Length) switch
    {
        ("steady", 3) => SteadyMode.RunAsync(
            [Arguments.Url(rest[0]), .. Arguments.Urls(options.GetValueOrDefault("nodes"))],
            Arguments.Int(rest[1], "N", 1, 20_000), Arguments.Int(rest[2], "Q", 1, 100),
            Arguments.Range(options.GetValueOrDefault("think-ms", "20-120"), "think-ms", 0, 60_000), ct),
        ("idle", 2) => IdleMode.RunAsync(Arguments.Url(rest[0]), Arguments.Int(rest[1], "N", 1, 20_000),
            TimeSpan.FromSeconds(Arguments.Int(options.GetValueOrDefault("hold-seconds", "30"), "hold-seconds", 1, 3600)), sources, ct),
        ("join-storm", 3) => JoinStormMode.RunAsync(Arguments.Url(rest[0]), Arguments.Int(rest[1], "N", 1, 20_000),
            TimeSpan.FromSeconds(Arguments.Int(rest[2], "T", 1, 600)), sources, ct),
        ("monitor", 4) => MonitorMode.RunAsync(Arguments.Url(rest[0]), Arguments.Url(rest[1]),
            Arguments.Int(rest[2], "N", 1, 5_000), Arguments.Int(rest[3], "Q", 1, 100), ct),
        ("admin", 1) => AdminMode.RunAsync(Arguments.Url(rest[0]), Arguments.Int(options.GetValueOrDefault("connections", "32"), "connections", 1, 256),
            TimeSpan.FromSeconds(Arguments.Int(options.GetValueOrDefault("seconds", "15"), "seconds", 1, 600)),
            options.GetValueOrDefault("logins", "yes") != "no", ct),
        ("audio", 2) => AudioMode.RunAsync(Arguments.Url(rest[0]), Arguments.Int(rest[1], "N", 1, 5_000), ct),
        ("fake-speak", 1) => AudioMode.FakeSpeakAsync(Arguments.Int(rest[0], "port", 1, 65_535),
            TimeSpan.FromMilliseconds(Arguments.Int(options.GetValueOrDefault("latency-ms", "200"), "latency-ms", 0, 60_000)), ct),
        _ => throw new ArgumentException($"unknown mode or wrong number of arguments: {string.Join(' ', args)}"),
    };
    try
    {
        return await run;
    }
    catch (OperationCanceledException) when (ct.IsCancellationRequested)
    {
        Console.WriteLine($"result: FAIL (stopped: the run exceeded {timeout.TotalSeconds:F0} s or was interrupted)");
        return 1;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

internal static class Arguments
{
    /// <summary>Positional arguments, and "--name value" options.</summary>
    public static (List<string> Positional, Dictionary<string, string> Options) Split(string[] args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) positional.Add(args[i]);
            else if (i + 1 < args.Length) options[args[i][2..]] = args[++i];
            else throw new ArgumentException($"{args[i]} needs a value");
        }
        return (positional, options);
    }

    /// <summary>An http URL on this machine: the generator never aims at anything else.</summary>
    public static Uri Url(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.IsLoopback ? uri : throw new ArgumentException($"{text} is not a loopback address; the load generator only targets this machine")
            : throw new ArgumentException($"{text} is not an http(s) URL");

    public static IEnumerable<Uri> Urls(string? commaSeparated) =>
        (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Url);

    public static int Int(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'");

    /// <summary>"min-max", or a single number for both.</summary>
    public static (int Min, int Max) Range(string text, string name, int min, int max)
    {
        var parts = text.Split('-', 2);
        var low = Int(parts[0], name, min, max);
        var high = parts.Length == 2 ? Int(parts[1], name, low, max) : low;
        return (low, high);
    }
}
