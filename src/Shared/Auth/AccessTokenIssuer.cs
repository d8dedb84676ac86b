using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InterviewPlatform.Shared.Auth;

/// <summary>Issues v7-shaped HS256 access tokens: sub, type, email, company_id, department_id, exp.</summary>
public sealed class AccessTokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.AccessTokenExpireMinutes);

    public string Issue(User user)
    {
        var now = clock.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [TokenClaims.Subject] = user.Id.ToString(),
            [TokenClaims.Type] = user.Role.ToClaim(),
            [TokenClaims.Email] = user.Email,
            [TokenClaims.SecurityStamp] = user.SecurityStamp.ToString("N"),
            [JwtRegisteredClaimNames.Iat] = now.ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Exp] = (now + Lifetime).ToUnixTimeSeconds(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (user.CompanyId is { } companyId) claims[TokenClaims.CompanyId] = companyId;
        if (user.DepartmentId is { } departmentId) claims[TokenClaims.DepartmentId] = departmentId;

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.Value.SecretBytes), SecurityAlgorithms.HmacSha256),
        });
    }
}
