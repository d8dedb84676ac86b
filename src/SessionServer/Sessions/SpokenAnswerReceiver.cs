using System.Diagnostics;
using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// Receives a spoken answer as it streams up: caps each chunk, the total size and the time it streams
/// (SPOKEN_ANSWER_MAX_CHUNK_BYTES, _MAX_BYTES, _MAX_SECONDS), keeps the chunks in memory until the engine commits
/// them, and relays them to the live transcription, whose captions go to the candidate and the watchers. Over a cap
/// the whole upload is refused and nothing is stored. No I/O of its own on the upload's path: the relay queues.
/// </summary>
public sealed class SpokenAnswerReceiver(ISpeechToText speech, IOptions<SpeechToTextOptions> options, IHubContext<InterviewHub, IInterviewClient> hub,
    SessionEvents events)
{
    private readonly SpeechToTextOptions _options = options.Value;

    public async Task<SpokenAnswer> ReceiveAsync(Guid interviewId, string connectionId, int ordinal, string contentType, string language,
        IAsyncEnumerable<byte[]> audio, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var chunks = new List<byte[]>();
        var total = 0;
        var caller = hub.Clients.Client(connectionId);
        await using var live = speech.StartLive(language, contentType, async update =>
        {
            events.Caption(interviewId, ordinal, update.Text, update.IsFinal);
            await caller.LiveTranscript(ordinal, update.Text, update.IsFinal);
        });

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(_options.MaxSeconds));
        try
        {
            await foreach (var chunk in audio.WithCancellation(deadline.Token))
            {
                if (chunk.Length > _options.MaxChunkBytes)
                {
                    throw new SessionRefusedException(RefusalCodes.AnswerTooLarge, $"Audio chunks are limited to {_options.MaxChunkBytes} bytes");
                }
                total += chunk.Length;
                if (total > _options.MaxBytes)
                {
                    throw new SessionRefusedException(RefusalCodes.AnswerTooLarge, $"Spoken answers are limited to {_options.MaxBytes} bytes; nothing was stored");
                }
                if (chunk.Length == 0) continue;
                chunks.Add(chunk);
                live?.Send(chunk);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new SessionRefusedException(RefusalCodes.AnswerTooLarge, $"Spoken answers are limited to {_options.MaxSeconds} seconds; nothing was stored");
        }
        if (total == 0) throw new SessionRefusedException(RefusalCodes.EmptyAnswer, "The recording held no audio");

        var duration = Stopwatch.GetElapsedTime(started);
        var transcript = live is null ? null : await live.FinishAsync(ct);
        var bytes = new byte[total];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(bytes, at);
            at += chunk.Length;
        }
        return new SpokenAnswer(contentType, bytes, (int)duration.TotalMilliseconds, transcript);
    }
}
