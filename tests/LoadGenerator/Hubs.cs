using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewPlatform.Shared.Sessions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.LoadGenerator;

/// <summary>Hub connections as the candidate page (MessagePack) and the recruiter console (JSON) open them.</summary>
public static class Hubs
{
    public const string Interview = "/hubs/interview";
    public const string Monitor = "/hubs/monitor";

    /// <summary>LOADGEN_PROTOCOL=json: candidates speak JSON, as the page did before ADR 0014 (to compare the two).</summary>
    private static readonly bool _jsonCandidates = Environment.GetEnvironmentVariable("LOADGEN_PROTOCOL") == "json";

    /// <summary>A candidate's connection; the device name lets any node resume the session without a takeover prompt.</summary>
    /// <param name="statefulReconnect">As the candidate page connects (its node keeps unacknowledged messages and paces by them).</param>
    public static HubConnection Candidate(Uri node, Candidate candidate, SourceAddresses? sources = null, bool statefulReconnect = false) =>
        Build(new Uri(node, $"{Interview}?device={candidate.Device}&access_token={candidate.Token}"),
            sources is null ? null : o => sources.Bind(o, candidate.Index), statefulReconnect, messagePack: !_jsonCandidates);

    public static HubConnection Recruiter(Uri node, string token) =>
        Build(new Uri(node, $"{Monitor}?access_token={token}"), null);

    private static HubConnection Build(Uri url, Action<HttpConnectionOptions>? configure, bool statefulReconnect = false, bool messagePack = false)
    {
        // The tokens ride in the query string, as a browser sends them to a WebSocket.
        var builder = new HubConnectionBuilder().WithUrl(url, o => configure?.Invoke(o));
        // The server writes enums by their snake_case names ("in_progress") in either protocol.
        if (messagePack) builder.AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options(o.SerializerOptions));
        else builder.AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        if (statefulReconnect) builder.WithStatefulReconnect();
        return builder.Build();
    }
}

/// <summary>
/// Spreads connections over local addresses 127.0.0.1..127.0.0.K, so more connections fit than one
/// source address has ephemeral ports for: the WebSocket is opened directly (no negotiate round trip)
/// through a handler whose sockets are bound to the chosen address.
/// </summary>
public sealed class SourceAddresses(int count) : IDisposable
{
    public static string Describe(SourceAddresses? sources) => sources is null
        ? "from 127.0.0.1, negotiating as a browser does"
        : $"from 127.0.0.1..127.0.0.{sources._invokers.Length}, straight to the WebSocket (no negotiate)";

    private readonly HttpMessageInvoker[] _invokers = Enumerable.Range(1, count).Select(i => new HttpMessageInvoker(new SocketsHttpHandler
    {
        ConnectCallback = (context, ct) => ConnectFromAsync(new IPAddress([127, 0, 0, (byte)i]), context.DnsEndPoint, ct),
    })).ToArray();

    public void Bind(HttpConnectionOptions options, int index)
    {
        var invoker = _invokers[index % _invokers.Length];
        options.SkipNegotiation = true;
        options.Transports = HttpTransportType.WebSockets;
        options.WebSocketFactory = async (context, ct) =>
        {
            var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(context.Uri, invoker, ct);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress local, DnsEndPoint server, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(server, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers) invoker.Dispose();
    }
}
