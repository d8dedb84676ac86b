using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Auth;

/// <summary>Password checks run on a bounded pool: when every turn is taken, a login waits briefly, then gets a 429.</summary>
public sealed class LoginPoolTests(LoginPoolTests.Api api) : IClassFixture<LoginPoolTests.Api>
{
    public sealed class Api : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["LOGIN_CONCURRENCY"] = "2",
            ["LOGIN_QUEUE_SECONDS"] = "0",
        };
    }

    private Task<HttpResponseMessage> LoginAsync() =>
        api.CreateClient().PostAsJsonAsync("/auth/login", new { email = AdminApiFactory.SuperAdminEmail, password = AdminApiFactory.Password });

    [Fact]
    public async Task With_every_turn_taken_a_login_is_429_in_the_envelope_and_succeeds_once_one_frees()
    {
        var hasher = api.Service<PasswordHasher>();
        var first = await hasher.WaitTurnAsync(default);
        var second = await hasher.WaitTurnAsync(default); // as two slow verifications would hold them

        var busy = await LoginAsync();
        var envelope = await busy.ReadEnvelopeAsync(429);
        Assert.Equal("Too many logins at once, try again in a moment", envelope.Message());
        Assert.True(busy.Headers.Contains("Retry-After"));

        first.Dispose();
        await (await LoginAsync()).ReadEnvelopeAsync(200);
        second.Dispose();
    }

    [Fact]
    public async Task A_refused_login_does_not_count_against_the_account()
    {
        var hasher = api.Service<PasswordHasher>();
        var turns = new[] { await hasher.WaitTurnAsync(default), await hasher.WaitTurnAsync(default) };
        for (var i = 0; i < 10; i++) await (await LoginAsync()).ReadEnvelopeAsync(429);
        foreach (var turn in turns) turn.Dispose();

        await (await LoginAsync()).ReadEnvelopeAsync(200);
    }

    [Fact]
    public async Task Password_checks_run_on_low_priority_threads_of_their_own_not_on_request_threads()
    {
        await (await LoginAsync()).ReadEnvelopeAsync(200);

        // Every task of this process named bcrypt-N, with its nice value (field 19 of /proc/<pid>/task/<tid>/stat).
        var threads = Directory.GetDirectories("/proc/self/task").Select(Read).OfType<(string Name, string Stat)>()
            .Where(t => t.Name.StartsWith("bcrypt-", StringComparison.Ordinal))
            .Select(t => int.Parse(t.Stat[(t.Stat.LastIndexOf(')') + 2)..].Split(' ')[16]))
            .ToList();
        Assert.True(threads.Count >= Environment.ProcessorCount, $"{threads.Count} verification threads");
        Assert.All(threads, nice => Assert.Equal(5, nice));
    }

    private static (string Name, string Stat)? Read(string task)
    {
        try
        {
            return (File.ReadAllText(Path.Combine(task, "comm")).Trim(), File.ReadAllText(Path.Combine(task, "stat")));
        }
        catch (IOException)
        {
            return null; // the thread ended while we looked
        }
    }
}
