using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tests.Tenancy;

public sealed class AuditTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    [Fact]
    public async Task Each_mutation_writes_an_audit_row_with_actor_ip_and_changes()
    {
        var admin = api.ClientFrom("203.0.113.7");
        var login = await (await admin.PostJsonAsync("/auth/login", new { email = AdminApiFactory.SuperAdminEmail, password = AdminApiFactory.Password }))
            .ReadResultAsync<Shared.Auth.LoginResult>(200);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", login.AccessToken);

        var created = await (await admin.PostJsonAsync("/companies", new { name = api.UniqueName("Audited") })).ReadEnvelopeAsync(201);
        var id = created.Result().GetProperty("id").GetInt32().ToString();
        await (await admin.PutJsonAsync($"/companies/{id}", new { address = "1 Main St" })).ReadEnvelopeAsync(200);

        await using var db = api.Database.CreateContext();
        var rows = await db.AuditLogs.Where(a => a.Entity == "companies" && a.EntityId == id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["company.created", "company.updated"], rows.Select(r => r.Action));
        Assert.All(rows, r =>
        {
            Assert.Equal(login.UserId, r.ActorUserId);
            Assert.Equal("203.0.113.7", r.IpAddress);
        });
        var change = rows[1];
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(change.Before!).RootElement.GetProperty("address").ValueKind);
        Assert.Equal("1 Main St", JsonDocument.Parse(change.After!).RootElement.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Password_hashes_never_reach_the_audit_log()
    {
        var acme = await api.CompanyAdminAsync();
        await (await acme.Client.PostJsonAsync("/users", new { email = $"{Guid.NewGuid():N}@x.test", password = "a long password", role = "company_user" }))
            .ReadEnvelopeAsync(201);

        await using var db = api.Database.CreateContext();
        var row = await db.AuditLogs.Where(a => a.Action == "user.created" && a.CompanyId == acme.Company.Id).OrderBy(a => a.Id).LastAsync();
        Assert.Equal("[redacted]", JsonDocument.Parse(row.After!).RootElement.GetProperty("password_hash").GetString());
    }

    [Fact]
    public async Task A_refused_change_leaves_neither_row_nor_audit()
    {
        var acme = await api.CompanyAdminAsync();
        await using var db = api.Database.CreateContext();
        var before = await db.AuditLogs.CountAsync();

        // The database refuses the second row (unique name): the audit of it must not survive either.
        await using (var other = api.Database.CreateContext())
        {
            other.Departments.Add(new Shared.Tenancy.Department { CompanyId = acme.Company.Id, Name = "Engineering" });
            await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
        }
        Assert.Equal(before, await db.AuditLogs.CountAsync());
    }
}
