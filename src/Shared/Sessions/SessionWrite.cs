using Npgsql;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// One statement of the live session, queued to <see cref="SessionWriter"/>. Session writes are fenced: they
/// only take effect while the interview's lease epoch is the writer's, so a node that lost the session
/// stores nothing. Each returns one row: (passed the fence, rows inserted, completed the interview).
/// </summary>
public sealed class SessionWrite
{
    private const string StartSql = """
        WITH started AS (
            UPDATE interviews SET status = 'in_progress', started_at = $3, updated_at = $3
            WHERE id = $1 AND lease_epoch = $2 AND status = 'scheduled'
            RETURNING 1)
        SELECT (SELECT count(*) FROM started)::int, 0, 0
        """;

    // The row lock makes the fence exact: a takeover's epoch UPDATE either waits for this commit or this
    // statement re-reads the row after it and inserts nothing.
    private const string AnswersSql = """
        WITH fence AS (
            SELECT id FROM interviews WHERE id = $1 AND lease_epoch = $2 AND status = 'in_progress' FOR NO KEY UPDATE),
        stored AS (
            INSERT INTO interview_answers (interview_id, ordinal, answer_id, text, code, unanswered, timed_out, submitted_at, client_sent_at)
            SELECT fence.id, r.ordinal, r.answer_id, r.text, r.code, r.unanswered, r.timed_out, r.submitted_at, r.client_sent_at
            FROM fence, unnest($4::int[], $5::uuid[], $6::text[], $7::text[], $8::boolean[], $9::boolean[], $10::timestamptz[], $11::timestamptz[])
                AS r(ordinal, answer_id, text, code, unanswered, timed_out, submitted_at, client_sent_at)
            ON CONFLICT DO NOTHING
            RETURNING 1),
        completed AS (
            UPDATE interviews SET status = 'completed', completed_at = $3, updated_at = $3
            WHERE $12 AND id = (SELECT id FROM fence) AND (SELECT count(*) FROM stored) = cardinality($4::int[])
            RETURNING 1)
        SELECT (SELECT count(*) FROM fence)::int, (SELECT count(*) FROM stored)::int, (SELECT count(*) FROM completed)::int
        """;

    // The answer and its recording in one statement: both or neither, behind the same fence. The transcript (when the
    // live one finished) is the answer's text; otherwise the recording says "pending" and the text stays empty.
    private const string SpokenSql = """
        WITH fence AS (
            SELECT id FROM interviews WHERE id = $1 AND lease_epoch = $2 AND status = 'in_progress' FOR NO KEY UPDATE),
        stored AS (
            INSERT INTO interview_answers (interview_id, ordinal, answer_id, text, code, unanswered, timed_out, submitted_at, client_sent_at)
            SELECT fence.id, $4, $5, $6::text, NULL, false, false, $3, NULL FROM fence
            ON CONFLICT DO NOTHING
            RETURNING 1),
        recorded AS (
            INSERT INTO answer_recordings (answer_id, interview_id, ordinal, content_type, audio, length, duration_ms, transcript_status,
                transcript_provider, transcript_model, transcript_confidence, transcribed_at, recorded_at)
            SELECT $5, $1, $4, $7::text, $8::bytea, length($8::bytea), $9::int, $10::text, $11::text, $12::text, $13::float8,
                CASE WHEN $10::text = 'transcribed' THEN $3 END, $3
            FROM stored
            RETURNING 1),
        completed AS (
            UPDATE interviews SET status = 'completed', completed_at = $3, updated_at = $3
            WHERE $14 AND id = (SELECT id FROM fence) AND (SELECT count(*) FROM stored) = 1
            RETURNING 1)
        SELECT (SELECT count(*) FROM fence)::int, (SELECT count(*) FROM recorded)::int, (SELECT count(*) FROM completed)::int
        """;

    private const string DraftSql = """
        WITH fence AS (
            SELECT id FROM interviews WHERE id = $1 AND lease_epoch = $2 AND status = 'in_progress' FOR NO KEY UPDATE),
        saved AS (
            INSERT INTO interview_drafts (interview_id, ordinal, text, code, saved_at)
            SELECT fence.id, $4, $5, $6, $3 FROM fence
            ON CONFLICT (interview_id, ordinal) DO UPDATE SET text = excluded.text, code = excluded.code, saved_at = excluded.saved_at
            RETURNING 1)
        SELECT (SELECT count(*) FROM fence)::int, (SELECT count(*) FROM saved)::int, 0
        """;

    private const string IntegritySql = """
        WITH recorded AS (
            INSERT INTO integrity_events (interview_id, kind, detail, at, ip_address, connection_id) VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING 1)
        SELECT 1, (SELECT count(*) FROM recorded)::int, 0
        """;

    private SessionWrite(string sql, params object?[] parameters)
    {
        Sql = sql;
        Parameters = parameters;
    }

    public string Sql { get; }

    public object?[] Parameters { get; }

    /// <summary>scheduled → in_progress, fenced.</summary>
    public static SessionWrite Start(Guid interviewId, long epoch, DateTimeOffset at) => new(StartSql, interviewId, epoch, at);

    /// <summary>Answers (typed or unanswered), fenced; completes the interview in the same statement when asked.</summary>
    public static SessionWrite Answers(Guid interviewId, long epoch, DateTimeOffset at, IReadOnlyList<AnswerRow> rows, bool complete) =>
        new(AnswersSql, interviewId, epoch, at,
            rows.Select(r => r.Ordinal).ToArray(),
            rows.Select(r => r.AnswerId).ToArray(),
            rows.Select(r => r.Text).ToArray(),
            rows.Select(r => r.Code).ToArray(),
            rows.Select(r => r.Unanswered).ToArray(),
            rows.Select(r => r.TimedOut).ToArray(),
            rows.Select(r => r.SubmittedAt).ToArray(),
            rows.Select(r => r.ClientSentAt?.ToUniversalTime()).ToArray(),
            complete);

    /// <summary>A spoken answer with its recording (and its transcript when there is one), fenced; completes the interview when asked.</summary>
    public static SessionWrite Spoken(Guid interviewId, long epoch, DateTimeOffset at, int ordinal, Guid answerId, SpokenAnswer answer, bool complete) =>
        new(SpokenSql, interviewId, epoch, at, ordinal, answerId, answer.Transcript is { Text.Length: > 0 } t ? t.Text : null, answer.ContentType, answer.Audio,
            answer.DurationMs, Data.WireEnum<Speech.TranscriptStatus>.Name(answer.Transcript is null ? Speech.TranscriptStatus.Pending : Speech.TranscriptStatus.Transcribed),
            answer.Transcript?.Provider, answer.Transcript?.Model, answer.Transcript?.Confidence, complete);

    /// <summary>The latest draft of the current question, fenced.</summary>
    public static SessionWrite Draft(Guid interviewId, long epoch, DraftAnswer draft) =>
        new(DraftSql, interviewId, epoch, draft.SavedAt, draft.Ordinal, draft.Text, draft.Code);

    /// <summary>An entry of the integrity timeline: a record of what happened, not fenced.</summary>
    public static SessionWrite Integrity(Guid interviewId, IntegrityEventKind kind, string? detail, DateTimeOffset at, string? ip, string? connectionId) =>
        new(IntegritySql, interviewId, Data.WireEnum<IntegrityEventKind>.Name(kind), detail?.Length > 500 ? detail[..500] : detail, at,
            ip?.Length > 64 ? ip[..64] : ip, connectionId?.Length > 64 ? connectionId[..64] : connectionId);

    internal NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(Sql);
        foreach (var value in Parameters)
        {
            command.Parameters.Add(value switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                // Nullable-element arrays need their type named; Npgsql infers the rest.
                string?[] texts => new NpgsqlParameter { Value = texts, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text },
                DateTimeOffset?[] times => new NpgsqlParameter
                {
                    Value = times.Select(t => t is { } v ? (object)v : DBNull.Value).ToArray(),
                    NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz,
                },
                _ => new NpgsqlParameter { Value = value },
            });
        }
        return command;
    }
}

/// <summary>A recording as it is committed: its normalised content type, the bytes, how long it streamed, and the live transcript if it finished.</summary>
public sealed record SpokenAnswer(string ContentType, byte[] Audio, int DurationMs, Speech.Transcript? Transcript);

public sealed record AnswerRow(int Ordinal, Guid AnswerId, string? Text, string? Code, bool Unanswered, DateTimeOffset SubmittedAt,
    DateTimeOffset? ClientSentAt = null, bool TimedOut = false);

/// <summary>What a write did: passed its fence, how many rows it inserted, whether it completed the interview.</summary>
public readonly record struct WriteResult(bool Passed, int Inserted, bool Completed);

/// <summary>The database could not be reached, or the node is too busy to queue the write; the outcome is unknown.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
