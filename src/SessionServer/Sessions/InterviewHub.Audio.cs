using System.Runtime.CompilerServices;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>The hub's spoken audio: the current question, and the setup check's sample, both as the speech seam streams them.</summary>
public sealed partial class InterviewHub
{
    /// <summary>
    /// The current question spoken, as chunks of at most 16 KiB in <see cref="CurrentQuestion.Audio"/>'s format, passed on as the
    /// provider (or the cache) produces them. Cancelling the stream cancels the provider's request.
    /// </summary>
    public async IAsyncEnumerable<byte[]> StreamQuestionAudio(int ordinal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var candidate = Owner();
        var (text, language) = await Guard(() => engine.QuestionToSpeakAsync(candidate.InterviewId, Context.ConnectionId, ordinal, cancellationToken));
        await using var speech = await speaker.SpeakAsync(text, language, cancellationToken);
        await foreach (var chunk in speech.ReadChunksAsync(cancellationToken))
        {
            yield return chunk.ToArray();
        }
    }

    /// <summary>
    /// The setup check's speaker test, allowed before Join like <see cref="Peek"/>: <see cref="SpeakerSample"/>'s sentence in
    /// <paramref name="language"/> (the one the candidate chose on the page), in the questions' format and chunks and through
    /// their cache, so it is synthesised once per language and voice. No chunks at all when speech is off or no voice speaks
    /// the language (the page then offers text only).
    /// </summary>
    public async IAsyncEnumerable<byte[]> StreamSampleAudio(string language, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var candidate = Owner();
        Throttle(candidate);
        var text = SpeakerSample.For(language) ?? throw Refuse(RefusalCodes.InvalidText, "Unknown language");
        await using var speech = await speaker.SpeakAsync(text, language, cancellationToken);
        await foreach (var chunk in speech.ReadChunksAsync(cancellationToken))
        {
            yield return chunk.ToArray();
        }
    }
}
