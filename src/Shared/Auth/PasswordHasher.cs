using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Auth;

/// <summary>bcrypt, so v7's <c>$2b$</c> hashes verify unchanged.</summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    public const int MinimumLength = 8;

    private readonly Lazy<string> _decoy = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), options.Value.PasswordHashCost));

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
}
