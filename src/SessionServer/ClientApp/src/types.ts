// The hub's JSON shapes (camelCase properties, enums as snake_case names), as SessionServer sends them.

export interface AudioFormat { format: string; sampleRate: number; channels: number }

export interface Draft { ordinal: number; text: string | null; code: string | null; savedAt: string }

export interface Question {
  ordinal: number;
  text: string;
  kind: "verbal" | "coding";
  timeLimitSeconds: number;
  language: string | null;
  starterCode: string | null;
  audio: AudioFormat | null;
  draft: Draft | null;
}

export type Status = "scheduled" | "in_progress" | "completed" | "evaluated" | "cancelled" | "expired";

export interface SessionState {
  interviewId: string;
  status: Status;
  candidateName: string;
  language: string;
  questionCount: number;
  current: Question | null;
  answeredOrdinals: number[];
  questionSecondsLeft: number | null;
  interviewSecondsLeft: number;
  serverTime: string;
}

export interface Preview {
  state: SessionState;
  companyName: string;
  jobTitle: string;
  scheduledAt: string;
  durationMinutes: number;
  timeZone: string;
  /** The format spoken audio (questions, the speaker test) comes in; null when the server speaks none. */
  audio: AudioFormat | null;
}

export interface SubmitOutcome { accepted: { answerId: string; ordinal: number; storedAt: string }; state: SessionState }
