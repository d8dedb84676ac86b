using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Admin.Api.Tests.Ai;

/// <summary>
/// Gemini's <c>POST /v1beta/models/{model}:generateContent</c> (x-goog-api-key), Vertex AI's
/// <c>POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent</c> (OAuth bearer) and Google's
/// OAuth token endpoint for the service-account JWT grant, on a real Kestrel at 127.0.0.1. Requests are checked the way
/// Google checks them (errors in Google's <c>{"error":{code,message,status}}</c> shape); answers carry candidates,
/// usageMetadata and modelVersion. <see cref="Before"/> lets a test answer a call itself (a 429, a bad reply).
/// </summary>
internal sealed class FakeGoogleAi : IAsyncDisposable
{
    public const string ApiKey = "fake-gemini-key";
    public const string Project = "fake-project";
    public const string Location = "europe-west4";
    public const string ClientEmail = "evaluator@fake-project.iam.gserviceaccount.com";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, bool> _issuedTokens = new();
    private int _tokenRequests;

    private FakeGoogleAi(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.Single();

    public ConcurrentQueue<GoogleCall> Calls { get; } = new();

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public long TokensReported;

    /// <summary>Runs before the model answers; returning true means the test wrote the response itself.</summary>
    public Func<HttpContext, GoogleCall, Task<bool>>? Before { get; set; }

    public static async Task<FakeGoogleAi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGoogleAi(app);
        app.MapPost("/v1beta/models/{model}:generateContent", (HttpContext c, string model) => fake.GenerateAsync(c, model, vertex: false));
        app.MapPost("/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent",
            (HttpContext c, string project, string location, string model) =>
                project == Project && location == Location ? fake.GenerateAsync(c, model, vertex: true) : ErrorAsync(c, 404, "NOT_FOUND", "Project or location not found."));
        app.MapPost("/token", fake.TokenAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>A service-account key file as the Google Cloud console downloads it, whose token_uri is this fake.</summary>
    public string WriteKeyFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sa-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = Project,
            ["private_key_id"] = "fake-key-1",
            ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "1234567890",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = $"{BaseUrl}/token",
        }.ToJsonString());
        return path;
    }

    private async Task GenerateAsync(HttpContext context, string model, bool vertex)
    {
        if (vertex ? !_issuedTokens.ContainsKey(context.Request.Headers.Authorization.ToString().Replace("Bearer ", "")) : context.Request.Headers["x-goog-api-key"] != ApiKey)
        {
            await (vertex ? ErrorAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
                : ErrorAsync(context, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."));
            return;
        }
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }
        var contents = body?["contents"]?.AsArray();
        if (contents is null || contents.Count == 0 || contents.Any(c => c?["role"]?.GetValue<string>() is not ("user" or "model")))
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified or a role is invalid");
            return;
        }
        var config = body!["generationConfig"];
        var schema = config?["responseSchema"];
        if (config?["responseMimeType"]?.GetValue<string>() != "application/json" || schema?["type"]?.GetValue<string>() != "OBJECT" || HasLowerCaseType(schema))
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "responseSchema needs responseMimeType application/json and OpenAPI type names");
            return;
        }
        var system = string.Concat(body["systemInstruction"]?["parts"]?.AsArray().Select(p => p?["text"]?.GetValue<string>()) ?? []);
        var userParts = contents.Where(c => c!["role"]!.GetValue<string>() == "user")
            .SelectMany(c => c!["parts"]!.AsArray().Select(p => p!["text"]!.GetValue<string>())).ToList();
        var call = new GoogleCall(vertex, model, system, userParts, contents.Count);
        Calls.Enqueue(call);
        if (Before is { } before && await before(context, call)) return;

        var reply = FakeModel.Reply(FakeModel.TaskOf(null, schema), system, userParts);
        var (prompt, output) = FakeModel.Tokens(system + string.Concat(userParts), reply);
        Interlocked.Add(ref TokensReported, prompt + output);
        await ReplyAsync(context, model, reply, prompt, output);
    }

    public static Task ReplyAsync(HttpContext context, string model, string text, int prompt = 10, int output = 10) =>
        context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = text }), ["role"] = "model" },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = prompt, ["candidatesTokenCount"] = output, ["totalTokenCount"] = prompt + output },
            ["modelVersion"] = model,
            ["responseId"] = Guid.NewGuid().ToString("N"),
        });

    public static async Task ErrorAsync(HttpContext context, int code, string status, string message, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = code;
        if (retryAfterSeconds is { } s) context.Response.Headers.RetryAfter = s.ToString();
        await context.Response.WriteAsJsonAsync(new { error = new { code, message, status } });
    }

    /// <summary>The JWT-bearer grant: the assertion must be signed by the key file's key, for Google's token audience and the cloud-platform scope.</summary>
    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync();
        var parts = form["assertion"].ToString().Split('.');
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || parts.Length != 3
            || !_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant", error_description = "Invalid JWT Signature." });
            return;
        }
        var claims = JsonNode.Parse(Base64Url(parts[1]))!;
        if (claims["iss"]?.GetValue<string>() != ClientEmail || claims["aud"]?.GetValue<string>() != "https://oauth2.googleapis.com/token"
            || claims["scope"]?.GetValue<string>()?.Contains("https://www.googleapis.com/auth/cloud-platform") != true)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_scope", error_description = $"Bad issuer, audience or scope: {claims.ToJsonString()}" });
            return;
        }
        var token = $"ya29.fake-{Guid.NewGuid():N}";
        _issuedTokens[token] = true;
        await context.Response.WriteAsJsonAsync(new { access_token = token, expires_in = 3599, token_type = "Bearer" });
    }

    private static byte[] Base64Url(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight(s.Length + (4 - s.Length % 4) % 4, '='));

    private static bool HasLowerCaseType(JsonNode? node) => node switch
    {
        JsonObject o => (o["type"] is JsonValue v && v.GetValue<string>() != v.GetValue<string>().ToUpperInvariant()) || o.Any(p => HasLowerCaseType(p.Value)),
        JsonArray a => a.Any(HasLowerCaseType),
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>What one generateContent call carried: the system instruction, the user parts (data, or a retry's error), and how many contents.</summary>
internal sealed record GoogleCall(bool Vertex, string Model, string System, IReadOnlyList<string> UserParts, int Contents);
