using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InterviewPlatform.Admin.Api.Tests.Auth;

public sealed class TokenTests(TokenTests.Api api) : IClassFixture<TokenTests.Api>
{
    /// <summary>Status checks cached for one second, so cross-node deactivation is observable quickly.</summary>
    public sealed class Api : AdminApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["USER_STATUS_CACHE_SECONDS"] = "1",
        };
    }

    private async Task<(User User, LoginResult Login)> LoginFreshUserAsync()
    {
        var (company, _) = await api.CreateTenantAsync();
        var user = await api.CreateUserAsync(UserRole.CompanyUser, company.Id);
        var login = await (await api.CreateClient().PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password }))
            .ReadResultAsync<LoginResult>(200);
        return (user, login);
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        api.CreateClient().PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken });

    [Fact]
    public async Task Refresh_rotates_and_the_new_tokens_work()
    {
        var (_, login) = await LoginFreshUserAsync();

        var refreshed = await (await RefreshAsync(login.RefreshToken)).ReadResultAsync<LoginResult>(200);

        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken);
        await (await api.ClientWithToken(refreshed.AccessToken).GetAsync("/auth/me")).ReadEnvelopeAsync(200);
        await (await RefreshAsync(refreshed.RefreshToken)).ReadEnvelopeAsync(200);
    }

    [Fact]
    public async Task Reusing_a_rotated_token_revokes_the_whole_family()
    {
        var (_, login) = await LoginFreshUserAsync();
        var second = await (await RefreshAsync(login.RefreshToken)).ReadResultAsync<LoginResult>(200);

        // The first token was copied by someone: its reuse is refused ...
        await (await RefreshAsync(login.RefreshToken)).ReadEnvelopeAsync(401);
        // ... and the legitimate holder's current token is dead too.
        await (await RefreshAsync(second.RefreshToken)).ReadEnvelopeAsync(401);
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_yield_one_winner()
    {
        var (_, login) = await LoginFreshUserAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(login.RefreshToken)));
        Assert.Equal(1, responses.Count(r => (int)r.StatusCode == 200));
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var (_, login) = await LoginFreshUserAsync();
        await (await api.CreateClient().PostAsJsonAsync("/auth/logout", new { refresh_token = login.RefreshToken })).ReadEnvelopeAsync(200);
        await (await RefreshAsync(login.RefreshToken)).ReadEnvelopeAsync(401);
    }

    [Fact]
    public async Task Unknown_refresh_token_is_refused()
    {
        await (await RefreshAsync("not-a-token")).ReadEnvelopeAsync(401);
    }

    [Fact]
    public async Task Deactivated_user_cannot_log_in_and_its_tokens_stop_working()
    {
        var (user, login) = await LoginFreshUserAsync();
        var admin = await api.LoginAsSuperAdminAsync();
        var holder = api.ClientWithToken(login.AccessToken);
        await (await holder.GetAsync("/auth/me")).ReadEnvelopeAsync(200);

        await (await admin.DeleteAsync($"/users/{user.Id}")).ReadEnvelopeAsync(200);

        await (await holder.GetAsync("/auth/me")).ReadEnvelopeAsync(401);
        await (await RefreshAsync(login.RefreshToken)).ReadEnvelopeAsync(401);
        var relogin = await api.CreateClient().PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password });
        Assert.Equal("Account is deactivated", (await relogin.ReadEnvelopeAsync(403)).Message());
    }

    [Fact]
    public async Task Deactivated_company_locks_out_its_users_even_on_another_node()
    {
        var (user, login) = await LoginFreshUserAsync();
        var holder = api.ClientWithToken(login.AccessToken);
        await (await holder.GetAsync("/auth/me")).ReadEnvelopeAsync(200);

        // Another node deactivates the company (straight in the database): this node learns of it
        // when its short status cache expires.
        await using (var db = api.Database.CreateContext())
        {
            var company = await db.Companies.FindAsync(user.CompanyId);
            company!.Status = Shared.Tenancy.CompanyStatus.Inactive;
            await db.SaveChangesAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await (await holder.GetAsync("/auth/me")).ReadEnvelopeAsync(401);
        var relogin = await api.CreateClient().PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password });
        Assert.Equal("Company account is deactivated", (await relogin.ReadEnvelopeAsync(403)).Message());
    }

    [Fact]
    public async Task Expired_forged_candidate_and_unsigned_tokens_are_refused()
    {
        var (user, _) = await LoginFreshUserAsync();
        string Token(string key, DateTime expires, string? audience = null, string algorithm = SecurityAlgorithms.HmacSha256) =>
            new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = user.Id.ToString(),
                    ["type"] = "company_user",
                    ["email"] = user.Email,
                    ["stamp"] = user.SecurityStamp.ToString("N"),
                },
                Expires = expires,
                NotBefore = expires.AddHours(-2),
                IssuedAt = expires.AddHours(-2),
                Audience = audience,
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)), algorithm),
            });

        var good = Token(AdminApiFactory.SecretKey, DateTime.UtcNow.AddMinutes(5));
        await (await api.ClientWithToken(good).GetAsync("/auth/me")).ReadEnvelopeAsync(200);

        var expired = Token(AdminApiFactory.SecretKey, DateTime.UtcNow.AddMinutes(-5));
        var forged = Token("another-secret-key-of-enough-length-0123456789", DateTime.UtcNow.AddMinutes(5));
        var candidate = Token(AdminApiFactory.SecretKey, DateTime.UtcNow.AddMinutes(5), audience: "candidate");
        var unsigned = new JsonWebTokenHandler().CreateToken(
            $$"""{"sub":"{{user.Id}}","type":"company_user","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}}}""");

        foreach (var token in new[] { expired, forged, candidate, unsigned, "garbage" })
        {
            var envelope = await (await api.ClientWithToken(token).GetAsync("/auth/me")).ReadEnvelopeAsync(401);
            Assert.Equal("Could not validate credentials", envelope.Message());
        }
    }
}
