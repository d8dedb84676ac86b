using InterviewPlatform.Shared.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>What the server calls on a connected candidate's browser.</summary>
public interface IInterviewClient
{
    Task ServerNotice(string message);
}

/// <summary>The live interview. Authenticated with the platform's JWT; the session protocol follows in its own issue.</summary>
[Authorize(Policy = AuthPolicies.Staff)]
public sealed class InterviewHub : Hub<IInterviewClient>
{
    public const string Path = "/hubs/interview";

    /// <summary>Lets a client check its connection and see the server's clock.</summary>
    public DateTimeOffset Ping() => DateTimeOffset.UtcNow;
}
