using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// Logs what went wrong in a hub call, and only that. SignalR's dispatcher logs every exception at Error
/// with a stack trace, refusals included (a busy node refuses by the thousand): its category is silenced
/// in appsettings.json and this filter logs the unexpected ones.
/// </summary>
public sealed class HubErrorLog(ILogger<HubErrorLog> log) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            log.LogError(ex, "Hub method {Hub}.{Method} failed", context.Hub.GetType().Name, context.HubMethodName);
            throw;
        }
    }
}
