using System.Net.Http.Json;
using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;

namespace InterviewPlatform.Admin.Api.Tests.Auth;

public sealed class LoginTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    [Fact]
    public async Task Login_answers_v7_shape_with_our_additions()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/auth/login",
            new { email = AdminApiFactory.SuperAdminEmail, password = AdminApiFactory.Password });

        var envelope = await response.ReadEnvelopeAsync(200);
        Assert.Equal("Login successful", envelope.Message());
        var result = envelope.Result();
        Assert.Equal("bearer", result.GetProperty("token_type").GetString());
        Assert.Equal("super_admin", result.GetProperty("user_type").GetString());
        Assert.Equal(JsonValueKind.Number, result.GetProperty("user_id").ValueKind);
        Assert.Equal(1800, result.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("refresh_token").GetString()));
        Assert.True(result.TryGetProperty("company_id", out _));
        Assert.True(result.TryGetProperty("department_id", out _));
    }

    [Fact]
    public async Task Access_token_carries_v7_claims()
    {
        var (company, department) = await api.CreateTenantAsync();
        var user = await api.CreateUserAsync(UserRole.DepartmentUser, company.Id, department.Id);

        var login = await (await api.CreateClient().PostAsJsonAsync("/auth/login", new { email = user.Email, password = AdminApiFactory.Password }))
            .ReadResultAsync<LoginResult>(200);

        var token = new JsonWebToken(login.AccessToken);
        Assert.Equal("HS256", token.Alg);
        Assert.Equal(user.Id.ToString(), token.GetClaim("sub").Value);
        Assert.Equal("department_user", token.GetClaim("type").Value);
        Assert.Equal(user.Email, token.GetClaim("email").Value);
        Assert.Equal(company.Id, token.GetPayloadValue<int>("company_id"));
        Assert.Equal(department.Id, token.GetPayloadValue<int>("department_id"));
        Assert.InRange(token.ValidTo - DateTime.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        Assert.Equal(company.Id, login.CompanyId);
        Assert.Equal(department.Id, login.DepartmentId);
    }

    [Fact]
    public async Task Email_is_matched_case_insensitively()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/auth/login",
            new { email = "  ROOT@Platform.TEST ", password = AdminApiFactory.Password });
        await response.ReadEnvelopeAsync(200);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_answer_the_same()
    {
        var client = api.CreateClient();
        var wrong = await client.PostAsJsonAsync("/auth/login", new { email = AdminApiFactory.SuperAdminEmail, password = "not the password" });
        var unknown = await client.PostAsJsonAsync("/auth/login", new { email = "nobody@nowhere.test", password = "not the password" });

        var wrongBody = await wrong.ReadEnvelopeAsync(401);
        var unknownBody = await unknown.ReadEnvelopeAsync(401);
        Assert.Equal("Invalid credentials", wrongBody.Message());
        Assert.Equal(wrongBody.ToString(), unknownBody.ToString());
    }

    [Theory]
    // Hashes made by libxcrypt's bcrypt (the same $2b$ format Python's bcrypt wrote for v7).
    [InlineData("Kk4DQuMMfZL9o", "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm")]
    [InlineData("correct horse battery", "$2b$10$abcdefghijklmnopqrstuuCj7fyLDJytXL.TfOiOeiv0fQvSOK1/2")]
    public async Task V7_bcrypt_hashes_verify(string password, string v7Hash)
    {
        var (company, _) = await api.CreateTenantAsync();
        var user = await api.CreateUserAsync(UserRole.CompanyUser, company.Id);
        await using (var db = api.Database.CreateContext())
        {
            db.Attach(user);
            user.PasswordHash = v7Hash;
            await db.SaveChangesAsync();
        }

        var client = api.CreateClient();
        await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password })).ReadEnvelopeAsync(200);
        await (await client.PostAsJsonAsync("/auth/login", new { email = user.Email, password = password + "x" })).ReadEnvelopeAsync(401);
    }

    [Fact]
    public async Task Me_describes_the_caller()
    {
        var actor = await api.CompanyAdminAsync();
        var me = await (await actor.Client.GetAsync("/auth/me")).ReadEnvelopeAsync(200);
        Assert.Equal(actor.User.Email, me.Result().GetProperty("email").GetString());
        Assert.Equal("company_user", me.Result().GetProperty("user_type").GetString());
        Assert.Equal(actor.Company.Name, me.Result().GetProperty("company_name").GetString());
    }

    [Fact]
    public async Task Successful_login_is_audited_with_the_ip()
    {
        var actor = await api.CompanyAdminAsync();
        await using var db = api.Database.CreateContext();
        var row = Assert.Single(db.AuditLogs.Where(a => a.Action == "auth.login" && a.ActorUserId == actor.User.Id));
        Assert.Equal(actor.Company.Id, row.CompanyId);
    }
}
