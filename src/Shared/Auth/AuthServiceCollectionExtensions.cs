using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace InterviewPlatform.Shared.Auth;

public static class AuthPolicies
{
    /// <summary>Any recruiter or administrator (not a candidate).</summary>
    public const string Staff = "staff";
    public const string SuperAdmin = "super_admin";
    /// <summary>Super admins and company admins: may manage a company's departments and users.</summary>
    public const string CompanyAdmin = "company_admin";
}

public static class AuthServiceCollectionExtensions
{
    /// <summary>The jobs dashboard takes the same JWT from this HttpOnly cookie, as browsers cannot send a header there.</summary>
    public const string DashboardPath = "/hangfire";
    public const string DashboardCookie = "hangfire_token";

    public static IServiceCollection AddPlatformAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddMemoryCache();

        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccessTokenIssuer>();
        services.TryAddSingleton<RedisConnection>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<UserStatusCache>();
        services.AddScoped<RefreshTokenService>();
        services.AddScoped<AuthService>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((jwt, auth, clock) => ConfigureJwt(jwt, auth.Value, clock));

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Staff, p => p.RequireAuthenticatedUser()
                .RequireClaim(TokenClaims.Type, UserRoles.SuperAdmin, UserRoles.CompanyUser, UserRoles.DepartmentUser))
            .AddPolicy(AuthPolicies.SuperAdmin, p => p.RequireClaim(TokenClaims.Type, UserRoles.SuperAdmin))
            .AddPolicy(AuthPolicies.CompanyAdmin, p => p.RequireClaim(TokenClaims.Type, UserRoles.SuperAdmin, UserRoles.CompanyUser))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireClaim(TokenClaims.Type, UserRoles.SuperAdmin, UserRoles.CompanyUser, UserRoles.DepartmentUser).Build());
        return services;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions auth, TimeProvider clock)
    {
        jwt.MapInboundClaims = false;
        jwt.TimeProvider = clock;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(auth.SecretBytes),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            // Staff tokens carry no audience (as v7's); candidate tokens do, and must not open staff routes.
            ValidateAudience = true,
            AudienceValidator = (audiences, _, _) => !audiences.Any(),
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = TokenClaims.Email,
            RoleClaimType = TokenClaims.Type,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // WebSockets cannot send headers from a browser: hubs take the token from the query string.
                if (context.HttpContext.Request.Path.StartsWithSegments("/hubs") &&
                    context.Request.Query["access_token"] is [{ Length: > 0 } token, ..])
                {
                    context.Token = token;
                }
                else if (context.HttpContext.Request.Path.StartsWithSegments(DashboardPath) &&
                    context.Request.Cookies[DashboardCookie] is { Length: > 0 } cookie)
                {
                    context.Token = cookie;
                }
                return Task.CompletedTask;
            },
            OnTokenValidated = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var current = int.TryParse(context.Principal?.FindFirst(TokenClaims.Subject)?.Value, out var userId) &&
                    await services.GetRequiredService<UserStatusCache>().IsCurrentAsync(userId, context.Principal?.FindFirst(TokenClaims.SecurityStamp)?.Value,
                        services.GetRequiredService<PlatformDbContext>(), context.HttpContext.RequestAborted);
                if (!current) context.Fail("The account is deactivated, or its rights changed or it logged out since the token was issued");
            },
        };
    }
}
