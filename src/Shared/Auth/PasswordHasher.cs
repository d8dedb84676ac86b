using InterviewPlatform.Shared.Web;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// bcrypt, so v7's <c>$2b$</c> hashes verify unchanged. Logins take a turn first (<see cref="WaitTurnAsync"/>): at most
/// LOGIN_CONCURRENCY (the core count by default) run at once, the rest wait up to LOGIN_QUEUE_SECONDS without holding a
/// thread, then get a 429. A flood of logins so keeps its cost to those cores and that many database connections, and
/// the rest of the API keeps its threads.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    public const int MinimumLength = 8;

    private readonly Lazy<string> _decoy = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), options.Value.PasswordHashCost));
    private readonly SemaphoreSlim _turns = new(options.Value.LoginConcurrency, options.Value.LoginConcurrency);

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

    public bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    /// <summary>Spends the same time as a real check, so an unknown email cannot be told from a wrong password.</summary>
    public void VerifyDecoy(string password) => BCrypt.Net.BCrypt.Verify(password, _decoy.Value);

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turns.Release();
        }
    }
}
