using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace InterviewPlatform.Shared.Ai;

/// <summary>
/// Gemini's REST <c>generateContent</c> as an <see cref="IChatClient"/>, for the Gemini API (API key) and for Vertex AI
/// (the same payload on the aiplatform endpoint with an OAuth bearer token). System messages become
/// <c>systemInstruction</c>; every other message its own <c>contents</c> entry, so candidate data never shares a part
/// with instructions. A JSON response format becomes <c>responseMimeType</c>/<c>responseSchema</c>.
/// </summary>
public sealed class GeminiChatClient(HttpClient http, Uri endpoint, string model, Func<CancellationToken, ValueTask<AuthenticationHeaderValue?>>? bearer,
    string? apiKey) : IChatClient
{
    public static Uri GeminiEndpoint(string baseUrl, string model) => new($"{baseUrl.TrimEnd('/')}/v1beta/models/{model}:generateContent");

    public static Uri VertexEndpoint(string baseUrl, string project, string location, string model) =>
        new($"{baseUrl.TrimEnd('/')}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent");

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(Body(messages, options).ToJsonString(), Encoding.UTF8, "application/json") };
        if (apiKey is not null) request.Headers.Add("x-goog-api-key", apiKey);
        if (bearer is not null)
        {
            try
            {
                request.Headers.Authorization = await bearer(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A refused or unreachable token endpoint is the provider being unavailable, like a 401 would be.
                throw new HttpRequestException($"Vertex AI access token: {e.Message}", e);
            }
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException(ErrorMessage(response.StatusCode, text), null, response.StatusCode);
        return Parse(text);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The platform asks for whole structured answers; a stream is the whole answer as one update.
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(bearer is null ? "gemini" : "vertex", endpoint, model)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    internal static JsonObject Body(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var body = new JsonObject();
        var system = messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text).ToList();
        if (system.Count > 0) body["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(system.Select(s => (JsonNode)new JsonObject { ["text"] = s }).ToArray()) };
        body["contents"] = new JsonArray(messages.Where(m => m.Role != ChatRole.System).Select(m => (JsonNode)new JsonObject
        {
            ["role"] = m.Role == ChatRole.Assistant ? "model" : "user",
            ["parts"] = new JsonArray(m.Contents.OfType<TextContent>().Select(t => (JsonNode)new JsonObject { ["text"] = t.Text }).ToArray()),
        }).ToArray());
        var config = new JsonObject();
        if (options?.Temperature is { } temperature) config["temperature"] = temperature;
        if (options?.MaxOutputTokens is { } max) config["maxOutputTokens"] = max;
        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            config["responseMimeType"] = "application/json";
            if (json.Schema is { } schema) config["responseSchema"] = GeminiSchema(JsonNode.Parse(schema.GetRawText())!);
        }
        if (config.Count > 0) body["generationConfig"] = config;
        return body;
    }

    /// <summary>Gemini's Schema is an OpenAPI subset: upper-case type names and no additionalProperties.</summary>
    private static JsonNode GeminiSchema(JsonNode node)
    {
        if (node is JsonObject o)
        {
            o.Remove("additionalProperties");
            o.Remove("$schema");
            if (o["type"] is JsonValue type && type.TryGetValue<string>(out var name)) o["type"] = name.ToUpperInvariant();
            foreach (var key in o.Select(p => p.Key).ToList())
            {
                if (key is "properties" && o[key] is JsonObject properties)
                {
                    foreach (var p in properties.Select(p => p.Key).ToList()) GeminiSchema(properties[p]!);
                }
                else if (key is "items") GeminiSchema(o[key]!);
            }
        }
        return node;
    }

    private ChatResponse Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (!root.TryGetProperty("candidates", out var candidates) || candidates.GetArrayLength() == 0)
        {
            var reason = root.TryGetProperty("promptFeedback", out var feedback) && feedback.TryGetProperty("blockReason", out var block) ? block.GetString() : "no candidates";
            throw new InvalidOperationException($"Gemini returned no answer ({reason})");
        }
        var candidate = candidates[0];
        var parts = candidate.TryGetProperty("content", out var content) && content.TryGetProperty("parts", out var p) ? p.EnumerateArray().ToList() : [];
        // Thinking models may add thought summaries as parts of their own; the answer is the rest.
        var answer = string.Concat(parts.Where(x => !(x.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True))
            .Select(x => x.TryGetProperty("text", out var t) ? t.GetString() : null));
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = root.TryGetProperty("modelVersion", out var version) ? version.GetString() : model,
            ResponseId = root.TryGetProperty("responseId", out var id) ? id.GetString() : null,
            FinishReason = candidate.TryGetProperty("finishReason", out var finish) ? finish.GetString() switch
            {
                "STOP" => ChatFinishReason.Stop,
                "MAX_TOKENS" => ChatFinishReason.Length,
                "SAFETY" or "RECITATION" or "PROHIBITED_CONTENT" or "BLOCKLIST" or "SPII" => ChatFinishReason.ContentFilter,
                _ => null,
            } : null,
        };
        if (root.TryGetProperty("usageMetadata", out var usage))
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = Count(usage, "promptTokenCount"),
                OutputTokenCount = Count(usage, "candidatesTokenCount"),
                TotalTokenCount = Count(usage, "totalTokenCount"),
            };
        }
        return response;
    }

    private static long? Count(JsonElement usage, string name) => usage.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : null;

    /// <summary>Google's error body: <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}</c>.</summary>
    private static string ErrorMessage(HttpStatusCode status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var error = document.RootElement.GetProperty("error");
            return $"Gemini answered {(int)status} {error.GetProperty("status").GetString()}: {error.GetProperty("message").GetString()}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"Gemini answered {(int)status}";
        }
    }
}
