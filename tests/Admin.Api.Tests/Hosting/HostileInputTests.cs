using System.Net.Http.Headers;
using System.Text;
using InterviewPlatform.Admin.Api.Tests.Interviews;
using InterviewPlatform.TestSupport;

namespace InterviewPlatform.Admin.Api.Tests.Hosting;

/// <summary>Input an attacker sends to make the host fail: each is the client's 4xx in the envelope, never a 500.</summary>
public sealed class HostileInputTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    [Fact]
    public async Task A_page_number_past_the_offset_range_is_422_naming_page()
    {
        var admin = await api.LoginAsSuperAdminAsync();
        foreach (var route in new[] { "/interviews", "/jds", "/companies" })
        {
            var envelope = await (await admin.GetAsync($"{route}?page=1000000000")).ReadEnvelopeAsync(422);
            Assert.Equal("page", envelope.Result()[0].GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task A_nul_character_in_json_is_422_naming_the_field()
    {
        var content = new StringContent("{\"email\":\"a\\u0000b@x.test\",\"password\":\"whatever1\"}", Encoding.UTF8, "application/json");
        var envelope = await (await api.CreateClient().PostAsync("/auth/login", content)).ReadEnvelopeAsync(422);
        Assert.Equal("email", envelope.Result()[0].GetProperty("field").GetString());
        Assert.Contains("control characters", envelope.Result()[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Control_characters_in_nested_json_query_and_form_fields_are_422()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jd = new StringContent("{\"title\":\"T\",\"domain\":\"python\",\"questions\":[{\"text\":\"bell \\u0007\"}]}", Encoding.UTF8, "application/json");
        var nested = await (await recruiter.Client.PostAsync("/jds", jd)).ReadEnvelopeAsync(422);
        Assert.Equal("questions[0].text", nested.Result()[0].GetProperty("field").GetString());

        var query = await (await recruiter.Client.GetAsync("/interviews?q=a%00b")).ReadEnvelopeAsync(422);
        Assert.Equal("q", query.Result()[0].GetProperty("field").GetString());

        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var form = SchedulingApi.ScheduleForm(jobId, overrides: new() { ["full_name"] = "Ana\u0000" });
        var formEnvelope = await (await recruiter.Client.PostAsync("/interview/schedule", form)).ReadEnvelopeAsync(422);
        Assert.Equal("full_name", formEnvelope.Result()[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Tabs_and_newlines_stay_allowed()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jd = new StringContent("{\"title\":\"T\",\"domain\":\"python\",\"description\":\"line one\\r\\n\\tline two\"}", Encoding.UTF8, "application/json");
        await (await recruiter.Client.PostAsync("/jds", jd)).ReadEnvelopeAsync(201);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage without any boundary")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"full_name\"\r\n\r\nAna")]
    [InlineData("--b\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"cv.pdf\"\r\n\r\n%PDF-1.4 truncated")]
    public async Task An_empty_truncated_or_malformed_multipart_body_is_422(string body)
    {
        var recruiter = await api.DepartmentUserAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        var filesBefore = api.UploadCount();

        var envelope = await (await recruiter.Client.PostAsync("/interview/schedule", content)).ReadEnvelopeAsync(422);

        Assert.Equal("body", envelope.Result()[0].GetProperty("field").GetString());
        Assert.Equal(filesBefore, api.UploadCount());
    }
}
