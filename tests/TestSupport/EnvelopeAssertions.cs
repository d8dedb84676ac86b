using System.Net.Http.Json;
using System.Text.Json;
using InterviewPlatform.Shared.Configuration;
using Xunit.Sdk;

namespace InterviewPlatform.TestSupport;

/// <summary>Reads the v7 envelope and checks the status, printing the body when it is not what the test expected.</summary>
public static class EnvelopeAssertions
{
    public static async Task<JsonElement> ReadEnvelopeAsync(this HttpResponseMessage response, int expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expectedStatus)
        {
            throw new XunitException($"Expected HTTP {expectedStatus} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}: {body}");
        }
        JsonElement envelope;
        try
        {
            envelope = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw new XunitException($"Expected the JSON envelope, got: {body}");
        }
        Assert.Equal(expectedStatus, envelope.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, envelope.GetProperty("message").ValueKind);
        Assert.True(envelope.TryGetProperty("result", out _), $"No result in: {body}");
        return envelope;
    }

    public static async Task<T> ReadResultAsync<T>(this HttpResponseMessage response, int expectedStatus)
    {
        var envelope = await response.ReadEnvelopeAsync(expectedStatus);
        return envelope.GetProperty("result").Deserialize<T>(PlatformHosting.JsonOptions)!;
    }

    public static string Message(this JsonElement envelope) => envelope.GetProperty("message").GetString()!;

    public static JsonElement Result(this JsonElement envelope) => envelope.GetProperty("result");

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string url, T body) =>
        HttpClientJsonExtensions.PutAsJsonAsync(client, url, body, PlatformHosting.JsonOptions);

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, PlatformHosting.JsonOptions);
}
