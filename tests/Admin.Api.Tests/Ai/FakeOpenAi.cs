using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Admin.Api.Tests.Ai;

/// <summary>
/// An OpenAI-compatible <c>POST /v1/chat/completions</c> on a real Kestrel at 127.0.0.1: Bearer key, messages with
/// roles, <c>response_format</c> json_schema; answers a <c>chat.completion</c> with usage, errors in OpenAI's
/// <c>{"error":{message,type,code}}</c> shape.
/// </summary>
internal sealed class FakeOpenAi : IAsyncDisposable
{
    public const string ApiKey = "sk-fake-openai";

    private readonly WebApplication _app;

    private FakeOpenAi(WebApplication app) => _app = app;

    public string BaseUrl => $"{_app.Urls.Single()}/v1";

    public ConcurrentQueue<GoogleCall> Calls { get; } = new();

    public long TokensReported;

    public Func<HttpContext, GoogleCall, Task<bool>>? Before { get; set; }

    public static async Task<FakeOpenAi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOpenAi(app);
        app.MapPost("/v1/chat/completions", fake.CompleteAsync);
        await app.StartAsync();
        return fake;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != $"Bearer {ApiKey}")
        {
            await ErrorAsync(context, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
            return;
        }
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var messages = body?["messages"]?.AsArray();
        var format = body?["response_format"];
        if (messages is null || body!["model"] is null || format?["type"]?.GetValue<string>() != "json_schema" || format["json_schema"]?["schema"] is null)
        {
            await ErrorAsync(context, 400, "invalid_request_error", null, "messages, model and a json_schema response_format are required here.");
            return;
        }
        var model = body["model"]!.GetValue<string>();
        var system = string.Concat(messages.Where(m => m!["role"]!.GetValue<string>() is "system" or "developer").Select(m => Text(m!["content"])));
        var userParts = messages.Where(m => m!["role"]!.GetValue<string>() == "user").Select(m => Text(m!["content"])).ToList();
        var call = new GoogleCall(false, model, system, userParts, messages.Count);
        Calls.Enqueue(call);
        if (Before is { } before && await before(context, call)) return;

        var reply = FakeModel.Reply(FakeModel.TaskOf(format["json_schema"]!["name"]?.GetValue<string>(), format["json_schema"]!["schema"]), system, userParts);
        var (prompt, output) = FakeModel.Tokens(system + string.Concat(userParts), reply);
        Interlocked.Add(ref TokensReported, prompt + output);
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = output, ["total_tokens"] = prompt + output },
        });
    }

    /// <summary>A message's content: a string, or an array of text parts.</summary>
    private static string Text(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => "",
    };

    public static async Task ErrorAsync(HttpContext context, int status, string type, string? code, string message, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } s) context.Response.Headers.RetryAfter = s.ToString();
        await context.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code } });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
