using InterviewPlatform.Shared.Interviews;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InterviewPlatform.Shared.Auth;

/// <summary>
/// The candidate's key to one interview: audience "candidate", subject the interview id, valid from
/// shortly before the slot to its end plus grace, and stamped with the interview's token version so
/// that rescheduling or cancelling kills every earlier link.
/// </summary>
public sealed class CandidateTokenIssuer(IOptions<AuthOptions> options)
{
    public const string Audience = "candidate";
    public const string VersionClaim = "ver";
    public const string LanguageClaim = "lang";
    public static readonly TimeSpan EarlyJoin = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(60);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(Interview interview) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Audience = Audience,
        Claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = interview.Id.ToString(),
            [TokenClaims.Type] = Audience,
            [VersionClaim] = interview.TokenVersion,
            // Not a permission: lets the page speak the candidate's language even when it must refuse the link.
            [LanguageClaim] = interview.Language,
        },
        NotBefore = (interview.ScheduledAt - EarlyJoin).UtcDateTime,
        IssuedAt = (interview.ScheduledAt - EarlyJoin).UtcDateTime,
        Expires = (interview.EndsAt + Grace).UtcDateTime,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.Value.SecretBytes), SecurityAlgorithms.HmacSha256),
    });
}
