using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using Microsoft.AspNetCore.SignalR.Client;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>Questions heard as they stream, with espeak-ng (installed by ./platform) as this node's voice.</summary>
public sealed class QuestionAudioTests(SessionServerFactory server) : IClassFixture<SessionServerFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_current_question_streams_as_pcm_chunks_and_another_is_refused(bool messagePack)
    {
        var interview = await server.ScheduleAsync(questions: 2);
        await using var candidate = new CandidateClient(server.Hub("/hubs/interview", server.CandidateToken(interview), "laptop", messagePack));
        await candidate.Connection.StartAsync();

        var state = await candidate.JoinAsync();
        Assert.Equal(AudioFormat.Pcm16Mono24k, state.Current!.Audio);

        var chunks = new List<byte[]>();
        await foreach (var chunk in candidate.Connection.StreamAsync<byte[]>("StreamQuestionAudio", 1))
        {
            chunks.Add(chunk);
        }
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.InRange(c.Length, 2, SpeechStream.MaxChunkBytes));
        Assert.All(chunks, c => Assert.Equal(0, c.Length % 2)); // whole 16-bit samples
        // "Question 1" spoken takes well over a quarter of a second at 24 kHz.
        Assert.True(chunks.Sum(c => c.Length) > 24_000 * 2 / 4, $"only {chunks.Sum(c => c.Length)} bytes of audio");

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(async () =>
        {
            await foreach (var _ in candidate.Connection.StreamAsync<byte[]>("StreamQuestionAudio", 2))
            {
            }
        });
        Assert.Contains(RefusalCodes.WrongOrdinal, refused.Message);
    }
}
