using System.Net.Http.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Auth;

/// <summary>
/// An access token speaks for the rights its user had when it was issued: a change of role, department or password,
/// and a logout, retire it (on this node at once; on others within USER_STATUS_CACHE_SECONDS, like a deactivation).
/// </summary>
public sealed class StaleRightsTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    private async Task<LoginResult> LoginResultAsync(string email) =>
        await (await api.CreateClient().PostAsJsonAsync("/auth/login", new { email, password = AdminApiFactory.Password })).ReadResultAsync<LoginResult>(200);

    private object NewCompanyUser(int companyId) =>
        new { email = $"made-{Guid.NewGuid():N}"[..20] + "@x.test", password = "long enough password", role = "company_user", company_id = companyId };

    [Fact]
    public async Task A_demoted_company_user_loses_company_rights_with_the_old_token()
    {
        var actor = await api.CompanyAdminAsync();
        var oldLogin = await LoginResultAsync(actor.User.Email);
        var oldToken = api.ClientWithToken(oldLogin.AccessToken);
        await (await oldToken.PostJsonAsync("/users", NewCompanyUser(actor.Company.Id))).ReadEnvelopeAsync(201);

        var admin = await api.LoginAsSuperAdminAsync();
        await (await admin.PutJsonAsync($"/users/{actor.User.Id}", new { role = "department_user", department_id = actor.Department.Id }))
            .ReadEnvelopeAsync(200);

        await (await oldToken.PostJsonAsync("/users", NewCompanyUser(actor.Company.Id))).ReadEnvelopeAsync(401);
        // The refresh token still works and brings a token with the new rights.
        var refreshed = await (await api.CreateClient().PostAsJsonAsync("/auth/refresh", new { refresh_token = oldLogin.RefreshToken }))
            .ReadResultAsync<LoginResult>(200);
        Assert.Equal("department_user", refreshed.UserType);
        await (await api.ClientWithToken(refreshed.AccessToken).PostJsonAsync("/users", NewCompanyUser(actor.Company.Id))).ReadEnvelopeAsync(403);
    }

    [Fact]
    public async Task A_password_reset_retires_access_tokens_issued_before_it()
    {
        var actor = await api.DepartmentUserAsync();
        var admin = await api.LoginAsSuperAdminAsync();

        await (await admin.PutJsonAsync($"/users/{actor.User.Id}", new { password = "a brand new password" })).ReadEnvelopeAsync(200);

        await (await actor.Client.GetAsync("/auth/me")).ReadEnvelopeAsync(401);
    }

    [Fact]
    public async Task A_change_of_name_only_keeps_tokens_working()
    {
        var actor = await api.DepartmentUserAsync();
        var admin = await api.LoginAsSuperAdminAsync();

        await (await admin.PutJsonAsync($"/users/{actor.User.Id}", new { full_name = "New Name" })).ReadEnvelopeAsync(200);

        await (await actor.Client.GetAsync("/auth/me")).ReadEnvelopeAsync(200);
    }

    [Fact]
    public async Task Logout_revokes_the_access_token_it_was_called_with()
    {
        var actor = await api.DepartmentUserAsync();
        var laptop = await LoginResultAsync(actor.User.Email);
        var phone = api.ClientWithToken(laptop.AccessToken);
        await (await phone.GetAsync("/auth/me")).ReadEnvelopeAsync(200);

        await (await phone.PostJsonAsync("/auth/logout", new { refresh_token = laptop.RefreshToken })).ReadEnvelopeAsync(200);

        await (await phone.GetAsync("/auth/me")).ReadEnvelopeAsync(401);
        await (await actor.Client.GetAsync("/auth/me")).ReadEnvelopeAsync(401);
    }

    [Fact]
    public async Task Logout_without_a_refresh_token_revokes_the_bearer_token_too()
    {
        var actor = await api.DepartmentUserAsync();

        await (await actor.Client.PostAsync("/auth/logout", null)).ReadEnvelopeAsync(200);

        await (await actor.Client.GetAsync("/auth/me")).ReadEnvelopeAsync(401);
    }
}
