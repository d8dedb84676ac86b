// Spoken answers, against the hub contract built on the server side separately:
//   SubmitSpokenAnswer(Guid answerId, int ordinal, string mimeType, IAsyncEnumerable<byte[]> audio) -> SubmitOutcome
//   client event LiveTranscript(int ordinal, string text, bool isFinal)
// The audio streams up while the candidate speaks (MessagePack binary chunks of at most 16 KiB); stopping
// leaves the stream open while the candidate reads the transcript; Send completes it (the server stores, then acks),
// Record again abandons it (the stream errors, nothing is stored) and opens a new one with a new answer id.
// The take is also kept here until the server acknowledges it: if the upload dies with the connection (a long drop,
// a node restart), the whole take goes again with the same answer id once the connection is back (stored once). It is
// kept in IndexedDB as well (takes.ts): after a reload the page offers the take to send, rather than losing it.
import { connected, invoke, on, refusal, signalR } from "./hub";
import { $, announce } from "./dom";
import { t } from "./i18n";
import { forgetTake, keepChunk, keptTake } from "./takes";
import type { Question, SubmitOutcome } from "./types";

export const voiceMimeType = "audio/webm;codecs=opus";
const maxChunkBytes = 16 * 1024;

/** Whether this server takes spoken answers: an unknown method is refused as such; a known one only for its missing arguments. */
export async function serverTakesVoice(): Promise<boolean> {
  try {
    await invoke("SubmitSpokenAnswer");
    return true;
  } catch (error) {
    return !/does not exist|unknown hub method/i.test(error instanceof Error ? error.message : String(error));
  }
}

export const browserRecordsVoice = (): boolean =>
  typeof MediaRecorder !== "undefined" && MediaRecorder.isTypeSupported(voiceMimeType);

type Phase = "idle" | "recording" | "review" | "sending";

export class VoicePanel {
  private phase: Phase = "idle";
  private recorder: MediaRecorder | null = null;
  private subject: signalR.Subject<Uint8Array> | null = null;
  private outcome: Promise<SubmitOutcome> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private ordinal = 0;
  private finalText = "";
  private answerId = "";
  private take: Uint8Array[] = [];

  constructor(private readonly microphone: MediaStream, private readonly onAccepted: (outcome: SubmitOutcome) => void) {
    $("voice-record").addEventListener("click", () => void this.record());
    $("voice-stop").addEventListener("click", () => void this.stop());
    $("voice-rerecord").addEventListener("click", () => { this.abandon(); void this.record(); });
    $("voice-send").addEventListener("click", () => void this.send());
    on("LiveTranscript", (ordinal: number, text: string, isFinal: boolean) => this.transcript(ordinal, text, isFinal));
  }

  /** A new question: verbal ones can be answered by voice. */
  reset(question: Question): void {
    this.abandon();
    this.ordinal = question.ordinal;
    $("voice").hidden = question.kind !== "verbal";
    this.setPhase("idle");
    if (question.kind === "verbal") void this.restore(question.ordinal);
  }

  /** A take this browser kept for the question (the page was reloaded while it was recorded or waiting to be sent). */
  private async restore(ordinal: number): Promise<void> {
    const kept = await keptTake(ordinal);
    if (!kept || kept.chunks.length === 0 || this.ordinal !== ordinal || this.phase !== "idle") return;
    this.answerId = kept.answerId;
    this.take = kept.chunks;
    this.setPhase("review");
    const state = $("voice-state");
    state.textContent = t("voice_kept");
    state.dataset.key = "voice_kept";
    announce(t("voice_kept"));
  }

  /**
   * The question's time is up. A take being recorded, or recorded and not sent yet, goes to the server now: it takes
   * an answer for a few seconds past the limit, so what the candidate said is stored rather than lost. Nothing new
   * can be recorded.
   */
  async lock(): Promise<void> {
    if (this.phase === "recording") await this.stop();
    for (const id of ["voice-record", "voice-rerecord"]) $<HTMLButtonElement>(id).disabled = true;
    if (this.phase === "review") await this.send();
  }

  private async record(): Promise<void> {
    this.finalText = "";
    $("transcript-final").textContent = "";
    $("transcript-interim").textContent = "";
    const subject = new signalR.Subject<Uint8Array>();
    const take: Uint8Array[] = [];
    const { ordinal } = this;
    const answerId = crypto.randomUUID();
    this.subject = subject;
    this.take = take;
    this.answerId = answerId;
    this.outcome = invoke<SubmitOutcome>("SubmitSpokenAnswer", this.answerId, this.ordinal, voiceMimeType, subject);
    this.outcome.catch(() => { /* handled by send(); an abandoned take fails by design */ });
    const recorder = new MediaRecorder(this.microphone, { mimeType: voiceMimeType });
    this.recorder = recorder;
    recorder.ondataavailable = (event) => {
      // In order, even though reading each blob is asynchronous.
      this.queue = this.queue.then(async () => {
        const bytes = new Uint8Array(await event.data.arrayBuffer());
        for (let i = 0; i < bytes.length; i += maxChunkBytes) {
          const chunk = bytes.slice(i, i + maxChunkBytes);
          take.push(chunk);
          // Not for a take already abandoned (its recorder's last blob arrives after Record again).
          if (this.answerId === answerId) void keepChunk(ordinal, answerId, take.length - 1, chunk);
          // An upload that already died with the connection takes no more: the kept take goes again on send.
          if (connected()) subject.next(chunk);
        }
      });
    };
    recorder.start(250);
    this.setPhase("recording");
    announce(t("voice_recording"));
  }

  private async stop(): Promise<void> {
    const recorder = this.recorder;
    if (!recorder || recorder.state === "inactive") return;
    const stopped = new Promise<void>((resolve) => recorder.addEventListener("stop", () => resolve(), { once: true }));
    recorder.stop();
    await stopped;
    this.setPhase("review");
    announce(t("voice_review"));
  }

  private async send(): Promise<void> {
    const streaming = this.subject && this.outcome;
    if (!streaming && this.take.length === 0) return;
    this.setPhase("sending");
    $("save-status").textContent = t("saving");
    await this.queue;
    if (this.subject && this.outcome) {
      this.subject.complete();
      this.subject = null;
      await this.deliver(this.outcome);
    } else {
      // A take kept from before a reload: its upload died with that page, so it goes up whole, with its answer id.
      await this.deliver(this.upload());
    }
  }

  /** Waits for the ack; an upload lost with the connection (no refusal code) is sent again, whole, once it is back. */
  private async deliver(first: Promise<SubmitOutcome>): Promise<void> {
    const answerId = this.answerId;
    let attempt = first;
    for (;;) {
      try {
        const outcome = await attempt;
        if (this.answerId !== answerId) return;
        this.take = [];
        this.outcome = null;
        void forgetTake(this.ordinal);
        this.onAccepted(outcome);
        return;
      } catch (error) {
        if (this.answerId !== answerId) return; // the question moved on (its time ran out): the server decided
        const code = refusal(error);
        if (code && code !== "server_busy" && code !== "rate_limited") {
          // Refused for good: the take is gone, the candidate can record again or type.
          this.take = [];
          void forgetTake(this.ordinal);
          $("save-status").textContent = t("error_generic");
          this.setPhase("idle");
          return;
        }
        if (!code) $("save-status").textContent = t("pending_offline");
        await this.whenConnected(code ? 1500 : 500);
        if (this.answerId !== answerId) return;
        $("save-status").textContent = t("saving");
        attempt = this.upload();
      }
    }
  }

  /** The kept take as one new upload with the same answer id (the server stores it once, whatever reached it before). */
  private upload(): Promise<SubmitOutcome> {
    const subject = new signalR.Subject<Uint8Array>();
    const outcome = invoke<SubmitOutcome>("SubmitSpokenAnswer", this.answerId, this.ordinal, voiceMimeType, subject);
    for (const chunk of this.take) subject.next(chunk);
    subject.complete();
    return outcome;
  }

  private async whenConnected(pauseMs: number): Promise<void> {
    do await new Promise((resolve) => setTimeout(resolve, pauseMs)); while (!connected());
  }

  private abandon(): void {
    if (this.recorder && this.recorder.state !== "inactive") this.recorder.stop();
    this.recorder = null;
    this.subject?.error(new Error("re-recorded"));
    this.subject = null;
    this.outcome = null;
    if (this.answerId) void forgetTake(this.ordinal);
    this.answerId = "";
    this.take = [];
  }

  private transcript(ordinal: number, text: string, isFinal: boolean): void {
    if (ordinal !== this.ordinal) return;
    if (isFinal) this.finalText = `${this.finalText} ${text}`.trim();
    $("transcript-final").textContent = this.finalText;
    $("transcript-interim").textContent = isFinal ? "" : text;
  }

  private setPhase(phase: Phase): void {
    // The pressed button hides itself: a keyboard user's focus moves to the next step's button, not to <body>.
    const focused = $("voice").contains(document.activeElement);
    this.phase = phase;
    $("voice-record").hidden = phase !== "idle";
    $("voice-stop").hidden = phase !== "recording";
    $("voice-rerecord").hidden = phase !== "review";
    $("voice-send").hidden = phase !== "review";
    $("transcript-box").hidden = phase === "idle";
    // Seen as well as announced: a sighted candidate knows the microphone is on.
    const state = $("voice-state");
    const key = ({ recording: "voice_recording", review: "voice_review" } as const)[phase as "recording" | "review"];
    state.classList.toggle("recording", phase === "recording");
    state.textContent = key ? t(key) : "";
    if (key) state.dataset.key = key;
    else delete state.dataset.key;
    for (const id of ["voice-record", "voice-rerecord", "voice-send", "voice-stop"]) $<HTMLButtonElement>(id).disabled = phase === "sending";
    const next = { idle: "voice-record", recording: "voice-stop", review: "voice-send", sending: null }[phase];
    if (focused && next) $(next).focus();
  }
}
