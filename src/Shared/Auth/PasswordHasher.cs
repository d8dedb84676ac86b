using InterviewPlatform.Shared.Web;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// bcrypt, so v7's <c>$2b$</c> hashes verify unchanged. Logins take a turn first (<see cref="WaitTurnAsync"/>): at most
/// LOGIN_CONCURRENCY (twice the core count by default) are in progress at once, the rest wait up to LOGIN_QUEUE_SECONDS
/// without holding a thread, then get a 429. The checks themselves run on one low-priority thread per core
/// (<see cref="VerificationThreads"/>), kept busy by the logins whose other turns are at the database meanwhile. A flood of
/// logins so costs that many database connections and the CPU the rest of the API leaves, and takes no request thread.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options) : IDisposable
{
    public const int MinimumLength = 8;

    private readonly Lazy<string> _decoy = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), options.Value.PasswordHashCost));
    private readonly SemaphoreSlim _turns = new(options.Value.LoginConcurrency, options.Value.LoginConcurrency);
    private readonly VerificationThreads _threads = new(Environment.ProcessorCount);

    /// <summary>A turn on the bounded verification pool, to dispose when the login is done; a 429 when none frees up in time.</summary>
    public async Task<IDisposable> WaitTurnAsync(CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(options.Value.LoginQueueSeconds);
        if (!await _turns.WaitAsync(wait, ct))
        {
            throw new ThrottledException(Math.Max(1, options.Value.LoginQueueSeconds), "Too many logins at once, try again in a moment");
        }
        return new Turn(_turns);
    }

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, options.Value.PasswordHashCost);

    public Task<bool> VerifyAsync(string password, string hash) => _threads.RunAsync(() =>
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    });

    /// <summary>Spends the same time as a real check and answers false, so an unknown email cannot be told from a wrong password.</summary>
    public async Task<bool> VerifyDecoyAsync(string password)
    {
        await _threads.RunAsync(() => BCrypt.Net.BCrypt.Verify(password, _decoy.Value));
        return false;
    }

    public void Dispose() => _threads.Dispose();

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turns.Release();
        }
    }
}
