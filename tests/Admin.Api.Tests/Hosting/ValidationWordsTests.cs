using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>A 422 names the field as the client wrote it and says what it accepts, with no .NET type names.</summary>
public sealed class ValidationWordsTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    private static readonly string[] _dotNetSpeak = ["Nullable", "System.", "Int32", "Failed to bind", "The field", "parameter", "JSON value"];

    private static async Task<(string Field, string Error)> SingleErrorAsync(HttpResponseMessage response)
    {
        var envelope = await response.ReadEnvelopeAsync(422);
        var error = Assert.Single(envelope.Result().EnumerateArray());
        var (field, words) = (error.GetProperty("field").GetString()!, error.GetProperty("error").GetString()!);
        foreach (var speak in _dotNetSpeak) Assert.DoesNotContain(speak, words);
        return (field, words);
    }

    [Theory]
    [InlineData("/interviews?page=abc", "page", "whole number")]
    [InlineData("/interviews?page=99999999999", "page", "whole number up to 2147483647")]
    [InlineData("/interviews?page_size=1.5", "page_size", "whole number")]
    [InlineData("/interviews?job_id=seven", "job_id", "whole number")]
    [InlineData("/interviews?from=yesterday", "from", "ISO-8601")]
    [InlineData("/jds?department_id=x", "department_id", "whole number")]
    public async Task A_query_value_of_the_wrong_kind_is_named_and_explained(string url, string field, string words)
    {
        var admin = await api.LoginAsSuperAdminAsync();

        var error = await SingleErrorAsync(await admin.GetAsync(url));

        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Error);
    }

    [Fact]
    public async Task A_json_value_of_the_wrong_kind_is_named_and_explained()
    {
        var admin = await api.LoginAsSuperAdminAsync();

        var number = await SingleErrorAsync(await admin.PostAsync("/jds", Json("""{"title": 5, "domain": "python"}""")));
        Assert.Equal(("title", "must be text"), number);

        var status = await SingleErrorAsync(await admin.PutAsync("/companies/1", Json("""{"name": "x", "status": 42}""")));
        Assert.Equal("status", status.Field);
        Assert.Contains("one of", status.Error);

        var list = await SingleErrorAsync(await admin.PostAsync("/jds", Json("""{"title": "t", "domain": "python", "questions": [{"text": "q", "time_limit_seconds": "long"}]}""")));
        Assert.Equal("questions[0].time_limit_seconds", list.Field);
    }

    [Fact]
    public async Task Broken_rules_are_said_in_words()
    {
        var admin = await api.LoginAsSuperAdminAsync();

        var envelope = await (await admin.PostAsJsonAsync("/jds", new { title = new string('t', 201), domain = "" })).ReadEnvelopeAsync(422);

        var errors = envelope.Result().EnumerateArray().ToDictionary(e => e.GetProperty("field").GetString()!, e => e.GetProperty("error").GetString()!);
        Assert.Equal("must be 1 to 200 characters", errors["title"]);
        Assert.Equal("is required", errors["domain"]);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
