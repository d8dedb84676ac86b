using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Configuration;

/// <summary>What both hosts share: v7 settings, JSON shape, the error envelope.</summary>
public static class PlatformHosting
{
    public const long MaxRequestBodyBytes = 15 * 1024 * 1024;

    public static readonly JsonSerializerOptions JsonOptions = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static WebApplicationBuilder AddPlatformHosting(this WebApplicationBuilder builder, bool honourV7HostPort = false)
    {
        var config = builder.Configuration;
        if (config["LOG_LEVEL"] is { Length: > 0 } level)
        {
            builder.Logging.SetMinimumLevel(level.ToUpperInvariant() switch
            {
                "DEBUG" => LogLevel.Debug,
                "WARNING" or "WARN" => LogLevel.Warning,
                "ERROR" => LogLevel.Error,
                "CRITICAL" => LogLevel.Critical,
                _ => LogLevel.Information,
            });
        }

        // v7's HOST/PORT, when the operator did not name ASP.NET's own URLs.
        if (honourV7HostPort && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(config["URLS"]) &&
            (config["HOST"] is { Length: > 0 } || config["PORT"] is { Length: > 0 }))
        {
            var host = config["HOST"] is { Length: > 0 } h ? h : "0.0.0.0";
            var port = config["PORT"] is { Length: > 0 } p ? p : "8000";
            builder.WebHost.UseUrls($"http://{host}:{port}");
        }

        // nginx in front allows 15M (v7's client_max_body_size); the host refuses the same, with a 413 envelope.
        // No "Server: Kestrel": it tells a scanner which exploits to try and nobody else needs it.
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.AddServerHeader = false;
        });

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions).Converters.Add(new CleanStringConverter()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseBusyExceptionHandler>();
        services.AddExceptionHandler<EnvelopeExceptionHandler>();
        // Behind nginx, the client's address comes from X-Forwarded-For: trusted from loopback, and from
        // TRUSTED_PROXIES (addresses or networks, comma-separated) when nginx runs on another machine.
        var proxies = (config["TRUSTED_PROXIES"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                foreach (var proxy in proxies)
                {
                    if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
                    else if (System.Net.IPNetwork.TryParse(proxy, out var network)) o.KnownIPNetworks.Add(network);
                }
            })
            .Validate(options => proxies.All(p => IPAddress.TryParse(p, out _) || System.Net.IPNetwork.TryParse(p, out _)),
                "TRUSTED_PROXIES must list IP addresses or networks such as 10.0.0.0/8, comma-separated")
            .ValidateOnStart();
        services.AddOptions<RedisOptions>().BindConfiguration("");
        return builder;
    }

    /// <summary>Client address from the proxy, then the error envelope for exceptions and bodiless error statuses.</summary>
    public static WebApplication UsePlatformPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use(SecurityHeaders.ApplyAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => EnvelopeExceptionHandler.WriteStatusAsync(context.HttpContext));
        app.Use(CleanText.RefuseDirtyQueryAsync);
        return app;
    }

    private static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }
}
