// The one connection to /hubs/interview, with the link's token. It reconnects on its own for as long as the page
// is open (stateful reconnect replays what a short drop lost); the server resumes the session where it stopped.
// It speaks MessagePack: audio travels as bytes (JSON would carry it as base64, a third larger and slower to handle).
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

export const token = new URLSearchParams(location.search).get("token");

const device = localStorage.getItem("interview-device") ?? crypto.randomUUID();
localStorage.setItem("interview-device", device);

const retryDelays = [0, 1000, 2000, 5000];
// While the browser knows it is offline an attempt fails at once without touching the network, so it is cheap to
// try often: the connection is back within half a second of the network, not after the rest of a back-off.
const offlineRetryMs = 500;

export const connection = new signalR.HubConnectionBuilder()
  .withUrl(`/hubs/interview?device=${encodeURIComponent(device)}`, { accessTokenFactory: () => token ?? "" })
  .withAutomaticReconnect({
    nextRetryDelayInMilliseconds: (context) =>
      navigator.onLine ? retryDelays[context.previousRetryCount] ?? 5000 : offlineRetryMs,
  })
  .withStatefulReconnect()
  .withHubProtocol(new MessagePackHubProtocol())
  .configureLogging(signalR.LogLevel.None)
  .build();

export const connected = (): boolean => connection.state === signalR.HubConnectionState.Connected;

/**
 * A hub value in the page's shape (types.ts). The server's MessagePack maps are keyed by .NET property names
 * ("InterviewId") and carry times as timestamps (a Date here); the page reads camelCase names and ISO strings, as the
 * JSON protocol has them. Enums already arrive as names ("in_progress"); bytes stay bytes.
 */
export function fromWire<T>(value: unknown): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(convert);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [camelCase(key), convert(item)]));
}

/** As System.Text.Json's camelCase policy: the leading capitals lower-cased, except the last one before a lower-case letter. */
function camelCase(name: string): string {
  let upper = 0;
  while (upper < name.length && name[upper] !== name[upper].toLowerCase()) upper++;
  if (upper === 0) return name;
  const lower = upper > 1 && upper < name.length ? upper - 1 : upper;
  return name.slice(0, lower).toLowerCase() + name.slice(lower);
}

/** Calls a hub method; its result in the page's shape. */
export async function invoke<T = void>(method: string, ...args: unknown[]): Promise<T> {
  return fromWire<T>(await connection.invoke(method, ...args));
}

/** Handles a server event; its arguments in the page's shape. */
export function on(event: string, handler: (...args: never[]) => void): void {
  connection.on(event, (...args: unknown[]) => (handler as (...values: unknown[]) => void)(...args.map(convert)));
}

const codes = [
  "not_a_candidate_token", "token_expired", "too_early", "link_replaced", "interview_cancelled", "interview_expired",
  "interview_completed", "session_taken_over", "wrong_ordinal", "time_limit_passed", "already_answered", "server_busy",
  "rate_limited", "answer_too_large", "invalid_text", "not_joined",
] as const;
export type Refusal = (typeof codes)[number];
const codePattern = new RegExp(`\\b(${codes.join("|")})\\b`);

/** The server's refusal code in an error (HubException text "code: message"), or null for a lost connection or anything else. */
export function refusal(error: unknown): Refusal | null {
  const message = error instanceof Error ? error.message : String(error ?? "");
  const found = codePattern.exec(message);
  if (found) return found[1] as Refusal;
  // Negotiate refuses a link that is not ours with 401 before any connection exists.
  const status = (error as { statusCode?: number } | null)?.statusCode;
  return status === 401 || /\b401\b/.test(message) ? "not_a_candidate_token" : null;
}

/** The part of a refusal after its code, e.g. the time in "too_early: The interview opens at …". */
export function refusalText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? "");
  return message.replace(/^.*?HubException: /, "").replace(/^[a-z_]+: /, "");
}

export { signalR };
