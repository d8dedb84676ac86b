using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Npgsql;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// The live session's SQL. Reads are one round trip each; every write is one statement carrying the
/// session's fencing token (<see cref="Interview.LeaseEpoch"/>), executed by <see cref="SessionWriter"/>.
/// Hand-written because this is the hot path: EF would add round trips and allocations here.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource database)
{
    // Takes the session over (raising the epoch fences every earlier owner), then reads it. As one batch it is
    // one round trip and one implicit transaction, so the answers read are exactly those committed before this
    // node became the owner. With an expected epoch ($2) it only resumes a session this node still owns.
    private const string TakeSql = """
        UPDATE interviews SET lease_epoch = lease_epoch + 1 WHERE id = $1 AND ($2::bigint IS NULL OR lease_epoch = $2)
        RETURNING lease_epoch, status, started_at, duration_minutes, full_name, language, token_version, scheduled_at
        """;

    private const string QuestionsSql = """
        SELECT ordinal, text, kind, time_limit_seconds, code_language, starter_code FROM interview_questions WHERE interview_id = $1 ORDER BY ordinal
        """;

    private const string AnswersSql = """
        SELECT answer_id, ordinal, unanswered, submitted_at, timed_out FROM interview_answers WHERE interview_id = $1 ORDER BY ordinal
        """;

    private const string DraftsSql = """
        SELECT ordinal, text, code, saved_at FROM interview_drafts WHERE interview_id = $1
        """;

    /// <summary>
    /// Takes the session over for this node and loads it; null when the interview does not exist or, given
    /// <paramref name="expectedEpoch"/>, when another node has taken it since. One round trip.
    /// </summary>
    public async Task<SessionSnapshot?> ActivateAsync(Guid interviewId, long? expectedEpoch, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(TakeSql, interviewId, expectedEpoch),
                Command(QuestionsSql, interviewId),
                Command(AnswersSql, interviewId),
                Command(DraftsSql, interviewId),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var (epoch, status, startedAt, duration, name, language, tokenVersion, scheduledAt) = (reader.GetInt64(0), Status(reader.GetString(1)),
            reader.IsDBNull(2) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3), reader.GetString(4),
            reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7));
        await reader.NextResultAsync(ct);
        var questions = new List<LiveQuestion>();
        while (await reader.ReadAsync(ct))
        {
            WireEnum<QuestionKind>.TryParse(reader.GetString(2), out var kind);
            questions.Add(new LiveQuestion(reader.GetInt32(0), reader.GetString(1), kind, reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        await reader.NextResultAsync(ct);
        var answers = new List<StoredAnswer>();
        while (await reader.ReadAsync(ct))
        {
            answers.Add(new StoredAnswer(reader.GetGuid(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetBoolean(4)));
        }
        await reader.NextResultAsync(ct);
        var drafts = new List<DraftAnswer>();
        while (await reader.ReadAsync(ct))
        {
            drafts.Add(new DraftAnswer(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return new SessionSnapshot(interviewId, epoch, status, scheduledAt, startedAt, duration, name, language, tokenVersion, questions, answers, drafts);
    }

    /// <summary>Why a fenced write was refused: the current epoch and status. One round trip, only on that rare path.</summary>
    public async Task<(long Epoch, InterviewStatus Status)?> CurrentAsync(Guid interviewId, CancellationToken ct)
    {
        await using var command = database.CreateCommand("SELECT lease_epoch, status FROM interviews WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = interviewId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), Status(reader.GetString(1))) : null;
    }

    private static NpgsqlBatchCommand Command(string sql, Guid interviewId, params long?[] epoch)
    {
        var command = new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter { Value = interviewId } } };
        foreach (var value in epoch)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        }
        return command;
    }

    private static InterviewStatus Status(string name) =>
        WireEnum<InterviewStatus>.TryParse(name, out var status) ? status : throw new InvalidOperationException($"Unknown interview status '{name}'");
}
