using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.Shared.Tenancy;
using Npgsql;

namespace InterviewPlatform.Admin.Api.Interviews;

/// <summary>
/// v7's <c>GET /interview/{id}</c>, which recruiters' dashboards poll, in one round trip: the interview, its questions,
/// answers and integrity timeline as one <see cref="NpgsqlBatch"/> on the shared data source (EF would take four, one
/// per collection). Only the columns the answer shows are read: not the resume's extracted text, not the photo.
/// </summary>
public sealed class InterviewReader(NpgsqlDataSource database, ICurrentUser caller)
{
    // The caller's tenant, as PlatformDbContext's query filter has it: $2 sees all, else company $3 and, for a
    // department user, department $4. Only the first statement filters: when it returns no row the answer is a 404
    // and the other results are never looked at.
    private const string InterviewSql = """
        SELECT id, company_id, department_id, job_description_id, full_name, age, sex, phone, email, domain, language, mode,
               status, scheduled_at, time_zone, duration_minutes, resume_storage_key, resume_file_name, resume_content_type,
               resume_length, resume_text_failed, resume_text_error, evaluation_result, created_at, questions_generated_by,
               (SELECT result FROM resume_matches m WHERE m.interview_id = interviews.id) AS resume_match
        FROM interviews
        WHERE id = $1 AND ($2 OR (company_id = $3 AND ($4::int IS NULL OR department_id = $4)))
        """;

    private const string QuestionsSql = """
        SELECT ordinal, text, expected_answer, keywords, kind, time_limit_seconds, code_language, starter_code
        FROM interview_questions WHERE interview_id = $1 ORDER BY ordinal
        """;

    // A spoken answer brings its recording's description (never its audio, which has a route of its own).
    private const string AnswersSql = """
        SELECT a.ordinal, a.text, a.code, a.unanswered, a.submitted_at, r.content_type, r.length, r.duration_ms, r.transcript_status,
               r.transcript_provider, r.transcript_model, r.transcript_confidence, r.transcribed_at, r.audio_purged_at
        FROM interview_answers a LEFT JOIN answer_recordings r ON r.interview_id = a.interview_id AND r.ordinal = a.ordinal
        WHERE a.interview_id = $1 ORDER BY a.ordinal
        """;

    private const string IntegritySql = """
        SELECT kind, detail, at, ip_address FROM integrity_events WHERE interview_id = $1 ORDER BY at
        """;

    /// <summary>The interview as v7 shows it, or null when it does not exist or belongs to another tenant. One round trip.</summary>
    public async Task<V7Interview?> ReadAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InterviewSql)
                {
                    Parameters =
                    {
                        new() { Value = id },
                        new() { Value = caller.SeesAllTenants },
                        new() { Value = (object?)caller.CompanyId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
                        new() { Value = (object?)caller.DepartmentId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
                    },
                },
                new NpgsqlBatchCommand(QuestionsSql) { Parameters = { new() { Value = id } } },
                new NpgsqlBatchCommand(AnswersSql) { Parameters = { new() { Value = id } } },
                new NpgsqlBatchCommand(IntegritySql) { Parameters = { new() { Value = id } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var interview = ReadInterview(reader);
        var resumeMatch = NullableString(reader, 25);

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            interview.Questions.Add(new InterviewQuestion
            {
                Ordinal = reader.GetInt32(0),
                Text = reader.GetString(1),
                ExpectedAnswer = NullableString(reader, 2),
                Keywords = [.. reader.GetFieldValue<string[]>(3)],
                Kind = Parse<QuestionKind>(reader.GetString(4)),
                TimeLimitSeconds = reader.GetInt32(5),
                CodeLanguage = NullableString(reader, 6),
                StarterCode = NullableString(reader, 7),
            });
        }

        await reader.NextResultAsync(ct);
        var recordings = new List<V7Recording>();
        while (await reader.ReadAsync(ct))
        {
            var ordinal = reader.GetInt32(0);
            interview.Answers.Add(new InterviewAnswer
            {
                Ordinal = ordinal,
                Text = NullableString(reader, 1),
                Code = NullableString(reader, 2),
                Unanswered = reader.GetBoolean(3),
                SubmittedAt = reader.GetFieldValue<DateTimeOffset>(4),
            });
            if (!reader.IsDBNull(5))
            {
                recordings.Add(new V7Recording(ordinal, reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7), Parse<TranscriptStatus>(reader.GetString(8)),
                    NullableString(reader, 9), NullableString(reader, 10), reader.IsDBNull(11) ? null : reader.GetDouble(11),
                    reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
            }
        }

        await reader.NextResultAsync(ct);
        var integrity = new List<IntegrityEntry>();
        while (await reader.ReadAsync(ct))
        {
            integrity.Add(new IntegrityEntry(Parse<IntegrityEventKind>(reader.GetString(0)),
                NullableString(reader, 1), reader.GetFieldValue<DateTimeOffset>(2), NullableString(reader, 3)));
        }
        return V7Interview.From(interview, integrity, resumeMatch, recordings);
    }

    private static Interview ReadInterview(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        CompanyId = r.GetInt32(1),
        DepartmentId = r.GetInt32(2),
        JobDescriptionId = r.GetInt32(3),
        FullName = r.GetString(4),
        Age = r.GetInt32(5),
        Sex = NullableString(r, 6),
        Phone = NullableString(r, 7),
        Email = r.GetString(8),
        Domain = r.GetString(9),
        Language = r.GetString(10),
        Mode = Parse<InterviewMode>(r.GetString(11)),
        Status = Parse<InterviewStatus>(r.GetString(12)),
        ScheduledAt = r.GetFieldValue<DateTimeOffset>(13),
        TimeZone = r.GetString(14),
        DurationMinutes = r.GetInt32(15),
        Resume = r.IsDBNull(16) ? null : new StoredFile
        {
            StorageKey = r.GetString(16),
            FileName = r.GetString(17),
            ContentType = r.GetString(18),
            Length = r.GetInt64(19),
            TextFailed = !r.IsDBNull(20) && r.GetBoolean(20),
            TextError = NullableString(r, 21),
        },
        EvaluationResult = NullableString(r, 22),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(23),
        QuestionsGeneratedBy = NullableString(r, 24),
    };

    private static T Parse<T>(string name) where T : struct, Enum =>
        WireEnum<T>.TryParse(name, out var value) ? value : throw new InvalidDataException($"unknown {typeof(T).Name} '{name}' in the database");

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
