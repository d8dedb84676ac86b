using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// Checks a candidate token and says exactly why it is refused, so the candidate page can show it:
/// not a candidate token (a recruiter's, forged), too early, expired, replaced by a newer invitation,
/// or an interview that was cancelled or expired.
/// </summary>
public sealed class CandidateAccess(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    private readonly TokenValidationParameters _parameters = new()
    {
        IssuerSigningKey = new SymmetricSecurityKey(options.Value.SecretBytes),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = false,
        ValidAudience = CandidateTokenIssuer.Audience,
        // Checked against the server's clock by ValidateAsync, to tell "too early" from "expired".
        ValidateLifetime = false,
    };

    /// <summary>The link token of a hub request: <c>access_token</c> in the query (browsers' WebSockets) or the bearer header.</summary>
    public static string? TokenOf(HttpRequest request) =>
        request.Query["access_token"].ToString() is { Length: > 0 } q ? q
        : request.Headers.Authorization.ToString() is { Length: > 7 } h && h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? h[7..] : null;

    /// <summary>The token if it is a candidate token signed with our key (its times are checked by <see cref="ValidateAsync"/>).</summary>
    public async Task<JsonWebToken?> ReadAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        return result.IsValid && result.SecurityToken is JsonWebToken jwt && Guid.TryParse(jwt.Subject, out _) ? jwt : null;
    }

    public async Task<Guid> ValidateAsync(string? token, PlatformDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token)) throw Refuse(RefusalCodes.NotACandidateToken, "No interview link token was given");
        if (await ReadAsync(token) is not { } jwt) throw Refuse(RefusalCodes.NotACandidateToken, "This is not a valid interview link");
        var interviewId = Guid.Parse(jwt.Subject);

        // The interview's state speaks first: a cancelled interview's link says so whatever its time or version (the
        // cancellation email carries no link), and an old link says "replaced" rather than its old slot's time.
        var interview = await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interviewId)
            .Select(i => new { i.Status, i.TokenVersion }).SingleOrDefaultAsync(ct)
            ?? throw Refuse(RefusalCodes.NotACandidateToken, "This interview does not exist");
        if (interview.Status == InterviewStatus.Cancelled) throw Refuse(RefusalCodes.InterviewCancelled, "This interview was cancelled");
        if (interview.Status == InterviewStatus.Expired) throw Refuse(RefusalCodes.InterviewExpired, "This interview has expired");
        if (!jwt.TryGetPayloadValue<int>(CandidateTokenIssuer.VersionClaim, out var version) || version != interview.TokenVersion)
        {
            throw Refuse(RefusalCodes.LinkReplaced, "A newer invitation replaced this link: please use the latest email");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (now < jwt.ValidFrom) throw Refuse(RefusalCodes.TooEarly, $"The interview opens at {jwt.ValidFrom:yyyy-MM-dd HH:mm} UTC");
        if (now > jwt.ValidTo) throw Refuse(RefusalCodes.TokenExpired, "This interview link has expired");
        return interviewId;
    }

    private static SessionRefusedException Refuse(string code, string message) => new(code, message);
}
