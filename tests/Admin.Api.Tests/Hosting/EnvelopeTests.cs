using System.Net.Http.Json;
using System.Text;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>Every error kind leaves in the v7 envelope.</summary>
public sealed class EnvelopeTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    [Fact]
    public async Task Unknown_route_is_404()
    {
        var envelope = await (await api.CreateClient().GetAsync("/no/such/route")).ReadEnvelopeAsync(404);
        Assert.Equal("Not Found", envelope.Message());
    }

    [Fact]
    public async Task Wrong_method_is_405()
    {
        await (await api.CreateClient().GetAsync("/auth/login")).ReadEnvelopeAsync(405);
    }

    [Fact]
    public async Task Missing_token_is_401_with_a_bearer_challenge()
    {
        var response = await api.CreateClient().GetAsync("/companies");
        var envelope = await response.ReadEnvelopeAsync(401);
        Assert.Equal("Could not validate credentials", envelope.Message());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Malformed_json_is_422()
    {
        var content = new StringContent("{\"email\": \"a@b.test\",", Encoding.UTF8, "application/json");
        var envelope = await (await api.CreateClient().PostAsync("/auth/login", content)).ReadEnvelopeAsync(422);
        Assert.Equal("Request validation failed", envelope.Message());
        Assert.Equal("body", envelope.Result()[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Wrong_type_in_json_is_422()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        var content = new StringContent("{\"name\": \"x\", \"status\": 42}", Encoding.UTF8, "application/json");
        await (await admin.PutAsync("/companies/1", content)).ReadEnvelopeAsync(422);
    }

    [Fact]
    public async Task Missing_fields_are_listed_in_the_422()
    {
        var envelope = await (await api.CreateClient().PostAsJsonAsync("/auth/login", new { })).ReadEnvelopeAsync(422);
        Assert.Equal(["email", "password"], envelope.Result().EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order());
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var content = new StringContent("email=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded");
        await (await api.CreateClient().PostAsync("/auth/login", content)).ReadEnvelopeAsync(415);
    }

    [Fact]
    public async Task Docs_and_openapi_document_are_served()
    {
        var client = api.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/auth/login", document);
        Assert.Contains("/companies/{id}", document);
        var docs = await client.GetAsync("/docs/");
        Assert.Equal(200, (int)docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType!.ToString());
    }
}
