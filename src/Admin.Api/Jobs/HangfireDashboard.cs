using Hangfire;
using Hangfire.Dashboard;
using InterviewPlatform.Shared.Auth;

namespace InterviewPlatform.Admin.Api.Jobs;

/// <summary>
/// The Hangfire dashboard at /hangfire, for super admins only. A browser cannot send a bearer header,
/// so /hangfire/login exchanges the admin's credentials for the same JWT in an HttpOnly cookie scoped
/// to /hangfire; API clients may send the bearer header instead.
/// </summary>
public static class HangfireDashboard
{
    public const string Path = AuthServiceCollectionExtensions.DashboardPath;
    public const string CookieName = AuthServiceCollectionExtensions.DashboardCookie;

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        // The sign-in cookie rides along with any request a browser makes, and SameSite does not stop sibling
        // subdomains (deploy/nginx serves the API and the candidate page that way): unsafe methods must come from
        // a page of this very origin, the sign-in form included.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), branch => branch.Use(SameOriginUnsafeMethodsAsync));
        app.MapGet($"{Path}/login", () => Results.Content(LoginPage(null), "text/html")).AllowAnonymous().ExcludeFromDescription();
        app.MapPost($"{Path}/login", LoginAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path) && !c.Request.Path.StartsWithSegments($"{Path}/login"), branch =>
            branch.UseHangfireDashboard(Path, new DashboardOptions
            {
                Authorization = [new SuperAdminOnly()],
                DisplayStorageConnectionString = false,
                DashboardTitle = "Interview Platform jobs",
                AppPath = "/docs",
            }, app.Services.GetRequiredService<JobStorage>()));
        return app;
    }

    private static Task SameOriginUnsafeMethodsAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return next(context);

        // Browsers send Origin on every cross-origin POST ("null" from sandboxes and some redirects, which is refused too);
        // Sec-Fetch-Site covers the rest. A client that sends neither is not a browser, so it carries no ambient cookie
        // it did not choose to send.
        var crossOrigin = request.Headers.Origin is [{ } origin, ..]
            ? !IsSelf(request, origin)
            : request.Headers["Sec-Fetch-Site"] is [{ } site, ..] && site is not ("same-origin" or "none");
        if (!crossOrigin) return next(context);

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Shared.Web.EnvelopeExceptionHandler.WriteAsync(context,
            Shared.Web.Envelope.Error(StatusCodes.Status403Forbidden, "Cross-origin request refused"), context.RequestAborted);
    }

    /// <summary>nginx passes <c>Host: $host</c>, without the port, so the port is compared only when the host has one.</summary>
    private static bool IsSelf(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
        string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) &&
        (request.Host.Port is not { } port || uri.Port == port);

    private static async Task<IResult> LoginAsync(HttpContext context, AuthService auth, CancellationToken ct)
    {
        var form = await context.Request.ReadFormAsync(ct);
        try
        {
            var login = await auth.LoginAsync(form["email"].ToString(), form["password"].ToString(), ct);
            if (login.UserType != UserRoles.SuperAdmin)
            {
                return Results.Content(LoginPage("Only a super admin may open the jobs dashboard."), "text/html", statusCode: StatusCodes.Status403Forbidden);
            }
            context.Response.Cookies.Append(CookieName, login.AccessToken, new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = Path,
                MaxAge = TimeSpan.FromSeconds(login.ExpiresIn),
            });
            return Results.Redirect(Path);
        }
        catch (Shared.Web.ApiException ex)
        {
            return Results.Content(LoginPage(ex.Message), "text/html", statusCode: ex.Status);
        }
    }

    private static string LoginPage(string? error) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Jobs dashboard sign-in</title>
        <style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto}label{display:block;margin:.8rem 0 .2rem}
        input{width:100%;padding:.5rem}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}</style></head>
        <body><h1>Jobs dashboard</h1><p>Sign in as a super admin.</p>
        {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(error)}</p>")}}
        <form method="post" action="{{Path}}/login">
        <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button></form></body></html>
        """;

    private sealed class SuperAdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.FindFirst(TokenClaims.Type)?.Value == UserRoles.SuperAdmin;
    }
}
