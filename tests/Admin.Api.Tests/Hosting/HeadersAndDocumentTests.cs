using System.Net.Http.Json;
using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Interviews;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>What the host says about itself without nginx in front: safe headers, no caching of tokens, an honest OpenAPI document.</summary>
public sealed class HeadersAndDocumentTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    private static void AssertSafeHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    private static void AssertNotStored(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri}: Cache-Control is '{response.Headers.CacheControl}'");

    [Fact]
    public async Task Every_answer_carries_the_safe_headers_errors_and_pages_included()
    {
        var client = api.CreateClient();
        foreach (var url in new[] { "/health/live", "/no/such/route", "/docs/", "/hangfire/login", "/companies" })
        {
            AssertSafeHeaders(await client.GetAsync(url));
        }
    }

    [Fact]
    public async Task Answers_that_carry_a_token_are_never_stored()
    {
        var recruiter = await api.DepartmentUserAsync();
        var login = await api.CreateClient().PostAsJsonAsync("/auth/login", new { email = recruiter.User.Email, password = Infrastructure.AdminApiFactory.Password });
        AssertNotStored(login);
        var refreshToken = (await login.ReadResultAsync<Shared.Auth.LoginResult>(200)).RefreshToken;
        AssertNotStored(await api.CreateClient().PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken }));

        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var scheduled = await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId)); // join_url holds a candidate token
        await scheduled.ReadEnvelopeAsync(200);
        AssertNotStored(scheduled);
    }

    [Fact]
    public async Task The_document_declares_the_bearer_scheme_and_the_multipart_bodies()
    {
        var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/companies").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/auth/login").GetProperty("post").TryGetProperty("security", out _));

        JsonElement Resolve(JsonElement schema) => schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
        foreach (var (path, file) in new[] { ("/interview/schedule", "resume"), ("/jds/{id}/file", "file") })
        {
            var form = Resolve(paths.GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content")
                .GetProperty("multipart/form-data").GetProperty("schema"));
            var fileField = form.GetProperty("properties").GetProperty(file);
            Assert.Contains("MAX_FILE_SIZE", fileField.GetProperty("description").GetString());
            Assert.Equal("binary", Resolve(fileField).GetProperty("format").GetString());
            Assert.Contains(file, form.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        }
        // Text fields keep their type although a converter checks every string for control characters.
        var fullName = Resolve(paths.GetProperty("/interview/schedule").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("multipart/form-data").GetProperty("schema")).GetProperty("properties").GetProperty("full_name");
        Assert.Contains("string", fullName.GetProperty("type").ToString());
    }
}
