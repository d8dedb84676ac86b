// A candidate in a terminal: joins an interview over the hub, answers from stdin, and when its node
// goes away reconnects to the next URL given (another SessionServer node) and resumes.
//
//   dotnet run --project samples/CandidateConsole -- <candidate token> http://127.0.0.1:8002 [http://127.0.0.1:8003 ...]
//
// The token is the `token` query parameter of the join link in the invitation email.
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CandidateConsole <candidate token> <session server url> [more node urls...]");
    return 2;
}
var token = args[0];
var nodes = args[1..];
var device = $"console-{Environment.MachineName}";
var node = 0;

while (true)
{
    var url = $"{nodes[node % nodes.Length].TrimEnd('/')}/hubs/interview?device={Uri.EscapeDataString(device)}";
    await using var hub = new HubConnectionBuilder().WithUrl(url, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
    var done = new TaskCompletionSource();
    Exception? closedWith = null;
    hub.Closed += error =>
    {
        closedWith = error;
        return Task.CompletedTask;
    };
    hub.On<JsonElement>("TakeoverOffered", _ => Console.WriteLine("This interview is open elsewhere; taking it over here."));
    hub.On<JsonElement>("SessionTakenOver", _ => done.TrySetResult());
    hub.On<JsonElement>("Completed", _ => done.TrySetResult());
    try
    {
        await hub.StartAsync();
        Console.WriteLine($"Connected to {url}");
        var state = await hub.InvokeAsync<JsonElement>("Join").ContinueWith(t => t.IsFaulted ? hub.InvokeAsync<JsonElement>("ConfirmTakeover") : t).Unwrap();
        while (state.GetProperty("current") is { ValueKind: JsonValueKind.Object } current)
        {
            var ordinal = current.GetProperty("ordinal").GetInt32();
            Console.WriteLine($"\nQuestion {ordinal} of {state.GetProperty("questionCount").GetInt32()} " +
                $"({state.GetProperty("questionSecondsLeft")} s left): {current.GetProperty("text").GetString()}");
            Console.Write("> ");
            var answer = Console.ReadLine();
            if (answer is null)
            {
                state = await hub.InvokeAsync<JsonElement>("Finish");
                break;
            }
            var answerId = Guid.NewGuid();
            // A submit whose ack was lost is simply sent again (same answer id) after reconnecting.
            var outcome = await hub.InvokeAsync<JsonElement>("SubmitAnswer", answerId, ordinal, answer, null, DateTimeOffset.UtcNow);
            state = outcome.GetProperty("state");
        }
        Console.WriteLine($"\nInterview {state.GetProperty("status")}. Thank you!");
        return 0;
    }
    catch (Exception) when (closedWith?.Message.Contains("HubException: ") == true)
    {
        // The server refused this link (expired, replaced, cancelled...): say why and stop.
        Console.Error.WriteLine($"Refused: {closedWith.Message[(closedWith.Message.IndexOf("HubException: ", StringComparison.Ordinal) + 14)..]}");
        return 1;
    }
    catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException || ex.Message.Contains("connection"))
    {
        Console.WriteLine($"Lost {url} ({ex.Message}); trying the next node in 2 s...");
        node++;
        await Task.Delay(2000);
    }
    catch (HubException refused)
    {
        Console.Error.WriteLine($"Refused: {refused.Message}");
        return 1;
    }
}
