-- The ceiling the session engine stands on: one single-row insert per transaction into a table shaped
-- like interview_answers (unique (interview, ordinal) and unique answer id), as each ack needs.
INSERT INTO bench_answers (interview_id, ordinal, answer_id, text, unanswered, submitted_at)
VALUES (gen_random_uuid(), 1, gen_random_uuid(), 'answer text of a typical length, a sentence or two', false, now());
