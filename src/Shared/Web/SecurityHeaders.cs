using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace InterviewPlatform.Shared.Web;

/// <summary>
/// Headers every answer of both hosts carries, with or without nginx in front: no sniffing, no framing, no full
/// referrer to other sites. JSON answers and answers that set a cookie are not stored by any cache unless the
/// endpoint says otherwise, because they carry tokens (login, refresh, negotiate, join links) or tenant data.
/// </summary>
public static class SecurityHeaders
{
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy)) headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            if (!headers.ContainsKey(HeaderNames.CacheControl) &&
                (response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true || headers.ContainsKey(HeaderNames.SetCookie)))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
