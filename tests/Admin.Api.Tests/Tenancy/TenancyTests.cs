using System.Net.Http.Json;
using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tests.Tenancy;

public sealed class TenancyTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    [Fact]
    public async Task Super_admin_creates_lists_updates_and_deactivates_companies()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        var name = api.UniqueName("Globex");

        var created = await (await admin.PostJsonAsync("/companies", new { name, email = "hr@globex.test" })).ReadEnvelopeAsync(201);
        var id = created.Result().GetProperty("id").GetInt32();
        Assert.Equal("Active", created.Result().GetProperty("status").GetString());

        var list = await (await admin.GetAsync($"/companies?name={Uri.EscapeDataString(name)}&page_size=5")).ReadEnvelopeAsync(200);
        Assert.Equal(1, list.Result().GetProperty("total").GetInt32());
        Assert.Equal(5, list.Result().GetProperty("page_size").GetInt32());

        var updated = await (await admin.PutJsonAsync($"/companies/{id}", new { phone = "+44 20 7946 0000" })).ReadEnvelopeAsync(200);
        Assert.Equal(name, updated.Result().GetProperty("name").GetString());
        Assert.Equal("+44 20 7946 0000", updated.Result().GetProperty("phone").GetString());

        await (await admin.DeleteAsync($"/companies/{id}")).ReadEnvelopeAsync(200);
        var inactive = await (await admin.GetAsync($"/companies?status=Inactive&name={Uri.EscapeDataString(name)}")).ReadEnvelopeAsync(200);
        Assert.Equal(1, inactive.Result().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Lists_are_paged_with_a_total()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        var prefix = api.UniqueName("Paged");
        for (var i = 0; i < 5; i++) await (await admin.PostJsonAsync("/companies", new { name = $"{prefix} {i}" })).ReadEnvelopeAsync(201);

        var page2 = await (await admin.GetAsync($"/companies?name={Uri.EscapeDataString(prefix)}&page=2&page_size=2")).ReadEnvelopeAsync(200);
        Assert.Equal(5, page2.Result().GetProperty("total").GetInt32());
        Assert.Equal([$"{prefix} 2", $"{prefix} 3"], page2.Result().GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var bad = await (await admin.GetAsync("/companies?page=0&page_size=1000")).ReadEnvelopeAsync(422);
        Assert.Equal(["page", "page_size"], bad.Result().EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Company_admin_manages_its_own_departments_and_users()
    {
        var acme = await api.CompanyAdminAsync();

        var department = await (await acme.Client.PostJsonAsync($"/companies/{acme.Company.Id}/departments", new { name = "Data" })).ReadEnvelopeAsync(201);
        var departmentId = department.Result().GetProperty("id").GetInt32();
        await (await acme.Client.PostJsonAsync($"/companies/{acme.Company.Id}/departments", new { name = "Data" })).ReadEnvelopeAsync(409);

        var recruiter = await (await acme.Client.PostJsonAsync("/users", new
        {
            email = $"Recruiter-{Guid.NewGuid():N}@Acme.test",
            password = "a long password",
            full_name = "Rae",
            role = "department_user",
            department_id = departmentId,
        })).ReadEnvelopeAsync(201);
        Assert.Equal(acme.Company.Id, recruiter.Result().GetProperty("company_id").GetInt32());
        Assert.Equal(recruiter.Result().GetProperty("email").GetString(), recruiter.Result().GetProperty("email").GetString()!.ToLowerInvariant());

        var users = await (await acme.Client.GetAsync("/users?role=department_user")).ReadEnvelopeAsync(200);
        Assert.Equal(1, users.Result().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Duplicate_email_is_a_conflict_whatever_its_case()
    {
        var acme = await api.CompanyAdminAsync();
        var body = new { email = acme.User.Email.ToUpperInvariant(), password = "a long password", role = "company_user" };
        await (await acme.Client.PostJsonAsync("/users", body)).ReadEnvelopeAsync(409);
    }

    [Fact]
    public async Task Roles_too_low_answer_403()
    {
        var acme = await api.CompanyAdminAsync();
        var clerk = await api.DepartmentUserAsync();

        await (await acme.Client.GetAsync("/companies")).ReadEnvelopeAsync(403);
        await (await acme.Client.PostJsonAsync("/companies", new { name = "Mine" })).ReadEnvelopeAsync(403);
        await (await acme.Client.PutJsonAsync($"/companies/{acme.Company.Id}", new { name = "Renamed" })).ReadEnvelopeAsync(403);
        await (await acme.Client.DeleteAsync($"/companies/{acme.Company.Id}")).ReadEnvelopeAsync(403);
        await (await acme.Client.PostJsonAsync("/users", new { email = "boss@x.test", password = "a long password", role = "super_admin" })).ReadEnvelopeAsync(403);

        await (await clerk.Client.PostJsonAsync($"/companies/{clerk.Company.Id}/departments", new { name = "Ops" })).ReadEnvelopeAsync(403);
        await (await clerk.Client.PostJsonAsync("/users", new { email = "x@x.test", password = "a long password", role = "department_user", department_id = clerk.Department.Id })).ReadEnvelopeAsync(403);
        await (await clerk.Client.PutJsonAsync($"/departments/{clerk.Department.Id}", new { name = "Renamed" })).ReadEnvelopeAsync(403);
    }

    [Fact]
    public async Task Another_tenants_ids_answer_404_on_every_route_without_leaking_fields()
    {
        var acme = await api.CompanyAdminAsync();
        var (otherCompany, otherDepartment) = await api.CreateTenantAsync();
        var otherUser = await api.CreateUserAsync(UserRole.CompanyUser, otherCompany.Id);
        var superAdmin = await api.CreateUserAsync(UserRole.SuperAdmin);

        var probes = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, $"/companies/{otherCompany.Id}", null),
            (HttpMethod.Get, $"/companies/{otherCompany.Id}/departments", null),
            (HttpMethod.Post, $"/companies/{otherCompany.Id}/departments", new { name = "Sneaky" }),
            (HttpMethod.Get, $"/departments/{otherDepartment.Id}", null),
            (HttpMethod.Put, $"/departments/{otherDepartment.Id}", new { name = "Sneaky" }),
            (HttpMethod.Delete, $"/departments/{otherDepartment.Id}", null),
            (HttpMethod.Get, $"/users/{otherUser.Id}", null),
            (HttpMethod.Put, $"/users/{otherUser.Id}", new { full_name = "Sneaky" }),
            (HttpMethod.Delete, $"/users/{otherUser.Id}", null),
            (HttpMethod.Get, $"/users/{superAdmin.Id}", null),
            (HttpMethod.Post, "/users", new { email = "new@x.test", password = "a long password", role = "department_user", department_id = otherDepartment.Id }),
            (HttpMethod.Post, "/users", new { email = "new@x.test", password = "a long password", role = "company_user", company_id = otherCompany.Id }),
        };
        foreach (var (method, url, body) in probes)
        {
            var request = new HttpRequestMessage(method, url);
            if (body is not null) request.Content = JsonContent.Create(body);
            var envelope = await (await acme.Client.SendAsync(request)).ReadEnvelopeAsync(404);
            Assert.Equal(JsonValueKind.Array, envelope.Result().ValueKind);
            Assert.Equal(0, envelope.Result().GetArrayLength());
        }

        // Nothing of the other tenant changed or appeared.
        await using var db = api.Database.CreateContext();
        Assert.Equal("Engineering", (await db.Departments.SingleAsync(d => d.Id == otherDepartment.Id)).Name);
        Assert.True((await db.Users.SingleAsync(u => u.Id == otherUser.Id)).IsActive);
        Assert.False(await db.Users.AnyAsync(u => u.Email == "new@x.test"));
    }

    [Fact]
    public async Task Department_user_sees_only_its_own_department()
    {
        var clerk = await api.DepartmentUserAsync();
        await using (var db = api.Database.CreateContext())
        {
            db.Departments.Add(new Shared.Tenancy.Department { CompanyId = clerk.Company.Id, Name = "Sales" });
            await db.SaveChangesAsync();
        }
        var salesId = (await (await api.LoginAsSuperAdminAsync()).GetAsync($"/companies/{clerk.Company.Id}/departments?name=Sales")
            .ContinueWith(t => t.Result.ReadEnvelopeAsync(200)).Unwrap()).Result().GetProperty("items")[0].GetProperty("id").GetInt32();
        var salesUser = await api.CreateUserAsync(UserRole.DepartmentUser, clerk.Company.Id, salesId);

        var departments = await (await clerk.Client.GetAsync($"/companies/{clerk.Company.Id}/departments")).ReadEnvelopeAsync(200);
        Assert.Equal([clerk.Department.Id], departments.Result().GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt32()));
        await (await clerk.Client.GetAsync($"/departments/{salesId}")).ReadEnvelopeAsync(404);
        await (await clerk.Client.GetAsync($"/users/{salesUser.Id}")).ReadEnvelopeAsync(404);
        await (await clerk.Client.GetAsync($"/companies/{clerk.Company.Id}")).ReadEnvelopeAsync(200);

        var users = await (await clerk.Client.GetAsync("/users")).ReadEnvelopeAsync(200);
        Assert.Equal([clerk.User.Id], users.Result().GetProperty("items").EnumerateArray().Select(u => u.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Company_admin_cannot_deactivate_itself()
    {
        var acme = await api.CompanyAdminAsync();
        var envelope = await (await acme.Client.DeleteAsync($"/users/{acme.User.Id}")).ReadEnvelopeAsync(422);
        Assert.Equal("is_active", envelope.Result()[0].GetProperty("field").GetString());
    }
}
