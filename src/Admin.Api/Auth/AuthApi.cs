using System.ComponentModel.DataAnnotations;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.Admin.Api.Auth;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Auth");

        group.MapPost("/login", async (LoginRequest request, AuthService auth, CancellationToken ct) =>
                Envelope.Ok(await auth.LoginAsync(request.Email, request.Password, ct), "Login successful"))
            .Validate<LoginRequest>().AllowAnonymous()
            .WithSummary("v7 login: access token (bearer) plus a refresh token");

        group.MapPost("/refresh", async (RefreshRequest request, AuthService auth, CancellationToken ct) =>
                Envelope.Ok(await auth.RefreshAsync(request.RefreshToken, ct), "Token refreshed"))
            .Validate<RefreshRequest>().AllowAnonymous()
            .WithSummary("Rotates the refresh token; reusing an old one revokes the whole session family");

        group.MapPost("/logout", async (LogoutRequest? request, AuthService auth, CancellationToken ct) =>
            {
                await auth.LogoutAsync(request?.RefreshToken, ct);
                return Envelope.Ok(Envelope.NoDetails, "Logged out");
            })
            .AllowAnonymous()
            .WithSummary("Revokes the given refresh token's session, or all of the caller's sessions");

        group.MapGet("/me", async (AuthService auth, CancellationToken ct) => Envelope.Ok(await auth.MeAsync(ct), "User retrieved"))
            .RequireAuthorization(AuthPolicies.Staff);
        return app;
    }

    public sealed record LoginRequest([property: Required, MaxLength(320)] string Email, [property: Required, MaxLength(200)] string Password);

    public sealed record RefreshRequest([property: Required] string RefreshToken);

    public sealed record LogoutRequest(string? RefreshToken);
}
