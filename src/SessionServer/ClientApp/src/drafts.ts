// What this browser keeps so that nothing typed is lost: each question's draft (with when it was typed, on the
// server's clock, to compare with the server's copy) and an answer sent but not yet acknowledged.
import { token } from "./hub";
import type { Question } from "./types";

export interface LocalDraft { text: string | null; code: string | null; at: number }
export interface PendingAnswer { answerId: string; ordinal: number; text: string | null; code: string | null }

const draftKey = (ordinal: number) => `interview-draft:${token}:${ordinal}`;
const pendingKey = () => `interview-pending:${token}`;

/** Milliseconds to add to Date.now() for the server's clock. */
let serverOffset = 0;
export const setServerTime = (iso: string): void => { serverOffset = Date.parse(iso) - Date.now(); };
export const serverNow = (): number => Date.now() + serverOffset;

export function keepDraft(ordinal: number, text: string | null, code: string | null): void {
  try {
    localStorage.setItem(draftKey(ordinal), JSON.stringify({ text, code, at: serverNow() } satisfies LocalDraft));
  } catch { /* storage full or off: the server copy remains */ }
}

export function localDraft(ordinal: number): LocalDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(ordinal));
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as LocalDraft | string;
    // The page before this one kept plain text.
    return typeof parsed === "string" ? { text: parsed, code: null, at: 0 } : parsed;
  } catch {
    return null;
  }
}

export const forgetDraft = (ordinal: number): void => localStorage.removeItem(draftKey(ordinal));

/** The newer of this browser's copy and the server's (another device may have typed since), else the starter code. */
export function startingContent(question: Question): { text: string; code: string } {
  const local = localDraft(question.ordinal);
  const server = question.draft;
  const useLocal = local && (!server || local.at >= Date.parse(server.savedAt));
  const chosen = useLocal ? local : server;
  return {
    text: chosen?.text ?? "",
    code: chosen?.code ?? (question.kind === "coding" ? question.starterCode ?? "" : ""),
  };
}

export function keepPending(answer: PendingAnswer | null): void {
  if (answer) localStorage.setItem(pendingKey(), JSON.stringify(answer));
  else localStorage.removeItem(pendingKey());
}

export function pendingAnswer(): PendingAnswer | null {
  try {
    return JSON.parse(localStorage.getItem(pendingKey()) ?? "null") as PendingAnswer | null;
  } catch {
    return null;
  }
}
