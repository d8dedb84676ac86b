using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// No connection to the interview hub without a signed candidate token: a request under the hub's path
/// (negotiate, or a WebSocket that skips it) without one is answered 401 before SignalR allocates anything.
/// Tokens that are signed but refused for a reason the page must show (too early, expired, replaced,
/// cancelled) still connect, and the hub closes them with that reason's code.
/// </summary>
public static class CandidateNegotiation
{
    public static IApplicationBuilder UseCandidateNegotiation(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(InterviewHub.Path), branch => branch.Use(async (context, next) =>
        {
            var access = context.RequestServices.GetRequiredService<CandidateAccess>();
            if (await access.ReadAsync(CandidateAccess.TokenOf(context.Request)) is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await EnvelopeExceptionHandler.WriteAsync(context, Envelope.Error(StatusCodes.Status401Unauthorized,
                    "not_a_candidate_token: A valid interview link is required"), context.RequestAborted);
                return;
            }
            await next(context);
        }));
}
