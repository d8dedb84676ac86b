-- The ceiling under GET /interview/{id}: the four statements of src/Admin.Api/Interviews/InterviewReader.cs, pipelined
-- as one round trip like its NpgsqlBatch (pgbench -M prepared -D id=<uuid> -D company=<id>).
\startpipeline
SELECT id, company_id, department_id, job_description_id, full_name, age, sex, phone, email, domain, language, mode,
       status, scheduled_at, time_zone, duration_minutes, resume_storage_key, resume_file_name, resume_content_type,
       resume_length, resume_text_failed, resume_text_error, evaluation_result, created_at, questions_generated_by,
       (SELECT result FROM resume_matches m WHERE m.interview_id = interviews.id) AS resume_match
FROM interviews WHERE id = :id AND (false OR (company_id = :company AND (NULL::int IS NULL OR department_id = NULL::int)));
SELECT ordinal, text, expected_answer, keywords, kind, time_limit_seconds, code_language, starter_code
FROM interview_questions WHERE interview_id = :id ORDER BY ordinal;
SELECT a.ordinal, a.text, a.code, a.unanswered, a.submitted_at, r.content_type, r.length, r.duration_ms, r.transcript_status,
       r.transcript_provider, r.transcript_model, r.transcript_confidence, r.transcribed_at
FROM interview_answers a LEFT JOIN answer_recordings r ON r.interview_id = a.interview_id AND r.ordinal = a.ordinal
WHERE a.interview_id = :id ORDER BY a.ordinal;
SELECT kind, detail, at, ip_address FROM integrity_events WHERE interview_id = :id ORDER BY at;
\endpipeline
