// The interview screen: the current question (text, streamed audio, replay), a typed answer or a code editor,
// the question's and the interview's time from the server, drafts kept locally and saved to the server, and
// answers sent with their own ids (resent after a drop or a reload until the server acknowledges them).
import { connected, invoke, refusal } from "./hub";
import { $, announce } from "./dom";
import { t, formatClock, type Key } from "./i18n";
import type { CodeEditor } from "./editor";
import { QuestionPlayer } from "./audio";
import {
  keepDraft, forgetDraft, startingContent, keepPending, pendingAnswer, setServerTime, localDraft, type PendingAnswer,
} from "./drafts";
import type { Question, SessionState, SubmitOutcome } from "./types";
import type { VoicePanel } from "./voice";

const draftDelayMs = 1000;

let editorModule: Promise<typeof import("./editor")> | null = null;
const loadEditor = () => (editorModule ??= import("./editor"));

/** Starts fetching the code editor in the background, so a coding question does not wait for its bytes. */
export function prefetchEditor(): void {
  loadEditor().catch(() => { editorModule = null; });
}

export class Room {
  state: SessionState | null = null;
  audioEnabled = true;
  voice: VoicePanel | null = null;
  private ordinal = 0;
  private question: Question | null = null;
  private editor: CodeEditor | null = null;
  private acknowledged = new Set<number>();
  private pending: PendingAnswer | null = pendingAnswer();
  private sending = false;
  private draftTimer: number | undefined;
  private questionDeadline = 0;
  private interviewDeadline = 0;
  private warned = { question: false, interview: false };
  private locked = false;
  private player = new QuestionPlayer();

  constructor(private readonly onComplete: (state: SessionState) => void) {
    $("answer").addEventListener("input", () => this.changed());
    $("submit").addEventListener("click", () => void this.submit());
    $("finish").addEventListener("click", () => void this.finish());
    $("replay").addEventListener("click", () => void this.player.replay());
    setInterval(() => this.tick(), 250);
  }

  get current(): Question | null { return this.question; }

  /** Draws a state from the server: a new question when it moved on, the clocks always. */
  render(state: SessionState): void {
    this.state = state;
    setServerTime(state.serverTime);
    const next = state.current;
    if (this.question && (!next || next.ordinal !== this.ordinal)) this.leaving(this.ordinal);
    if (!next) {
      this.player.stop();
      this.onComplete(state);
      return;
    }
    if (next.ordinal !== this.ordinal) this.showQuestion(next, state);
    const now = Date.now();
    this.questionDeadline = now + (state.questionSecondsLeft ?? 0) * 1000;
    this.interviewDeadline = now + state.interviewSecondsLeft * 1000;
    this.tick();
  }

  /** After a reconnect or a reload: what was sent and not acknowledged goes again, with the same id. */
  async resendPending(): Promise<void> {
    if (this.pending && this.state?.current?.ordinal === this.pending.ordinal) await this.send(this.pending);
    else if (this.pending) {
      this.pending = null;
      keepPending(null);
    }
  }

  /** The question is gone: answered by us, or the server moved on because its time ran out. */
  private leaving(ordinal: number): void {
    clearTimeout(this.draftTimer);
    if (!this.acknowledged.has(ordinal)) {
      const draft = localDraft(ordinal);
      const hadSomething = !!(draft?.text?.trim() || draft?.code?.trim() || this.currentAnswer().text?.trim() || this.currentAnswer().code?.trim());
      this.notice(hadSomething ? "timed_out" : "timed_out_empty", { n: ordinal });
    }
    forgetDraft(ordinal);
  }

  private showQuestion(question: Question, state: SessionState): void {
    this.question = question;
    this.ordinal = question.ordinal;
    this.locked = false;
    this.warned = { question: false, interview: false };
    const position = { n: question.ordinal, m: state.questionCount };
    $("progress").textContent = t("progress", position);
    $("progress").dataset.ordinal = String(question.ordinal);
    const heading = $("question-text");
    heading.textContent = question.text;
    heading.dataset.ordinal = String(question.ordinal);

    const content = startingContent(question);
    const coding = question.kind === "coding";
    $("verbal").hidden = coding;
    $("coding").hidden = !coding;
    this.editor?.destroy();
    this.editor = null;
    delete $("editor").dataset.ready;
    const answer = $<HTMLTextAreaElement>("answer");
    answer.readOnly = false;
    answer.value = coding ? "" : content.text;
    if (coding) void this.openEditor(question, content.code);
    $<HTMLButtonElement>("submit").disabled = false;
    this.voice?.reset(question);

    const audible = this.audioEnabled && QuestionPlayer.canPlay(question.audio);
    $("replay").hidden = !audible;
    delete $("replay").dataset.chunks;
    if (audible) {
      // The question stays readable if its audio fails: audio is an extra.
      this.player.play(question.ordinal, question.audio!, () => { $("replay").dataset.chunks = String(this.player.received); }).catch(() => {});
    }

    // Focus goes to the new question and a screen reader hears it (the room's heading is the question).
    heading.focus();
    announce(t("new_question", { ...position, text: question.text }));
  }

  /** The editor is a chunk of its own (most of the page's bytes): fetched while the candidate reads the welcome
   * screen (see prefetchEditor), and again here if that failed. */
  private async openEditor(question: Question, code: string): Promise<void> {
    let module: typeof import("./editor") | null = null;
    for (let attempt = 0; !module; attempt++) {
      try {
        module = await loadEditor();
      } catch {
        editorModule = null; // a failed fetch is not cached: the next attempt asks again
        if (this.question !== question) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 8000)));
      }
    }
    const { CodeEditor, languageLabel } = module;
    if (this.question !== question) return;
    const label = languageLabel(question.language);
    $("code-language").textContent = label;
    $("code-label").textContent = t("code_label", { language: label });
    this.editor = new CodeEditor($("editor"), code, question.language, t("code_label", { language: label }), () => this.changed());
    $("editor").dataset.ready = "true";
  }

  /** Relabels what the room shows after a language switch. */
  relabel(): void {
    if (!this.question || !this.state) return;
    $("progress").textContent = t("progress", { n: this.question.ordinal, m: this.state.questionCount });
    if (this.question.kind === "coding") $("code-label").textContent = t("code_label", { language: $("code-language").textContent ?? "" });
    this.tick();
  }

  private currentAnswer(): { text: string | null; code: string | null } {
    return this.question?.kind === "coding"
      ? { text: null, code: this.editor?.value ?? "" }
      : { text: $<HTMLTextAreaElement>("answer").value, code: null };
  }

  /** Kept in this browser at once; saved to the server once typing pauses (a time-out then stores it as the answer). */
  private changed(): void {
    if (!this.question || this.locked) return;
    const { text, code } = this.currentAnswer();
    keepDraft(this.ordinal, text, code);
    clearTimeout(this.draftTimer);
    this.draftTimer = window.setTimeout(() => void this.saveDraft(), draftDelayMs);
  }

  private async saveDraft(): Promise<void> {
    if (!this.question || !connected()) return;
    const { text, code } = this.currentAnswer();
    try {
      await invoke("SaveDraft", this.ordinal, text, code);
      $("save-status").textContent = t("draft_saved");
    } catch {
      // Kept locally; the next pause or the reconnect tries again.
    }
  }

  private async submit(): Promise<void> {
    if (!this.question || this.locked || this.pending) return;
    const { text, code } = this.currentAnswer();
    const answer = { answerId: crypto.randomUUID(), ordinal: this.ordinal, text, code };
    this.pending = answer;
    keepPending(answer);
    clearTimeout(this.draftTimer);
    await this.send(answer);
  }

  /** Sends (or resends) an answer; only the server's acknowledgement says "saved". */
  private async send(answer: PendingAnswer): Promise<void> {
    if (this.sending) return;
    $<HTMLButtonElement>("submit").disabled = true;
    if (!connected()) {
      this.status("pending_offline");
      return;
    }
    this.sending = true;
    this.status("saving");
    try {
      const outcome = await invoke<SubmitOutcome>("SubmitAnswer", answer.answerId, answer.ordinal, answer.text, answer.code,
        new Date());
      this.accepted(outcome);
    } catch (error) {
      const code = refusal(error);
      if (code === "server_busy" || code === "rate_limited") {
        setTimeout(() => void this.send(answer), 1500);
      } else if (!code || !connected()) {
        this.status("pending_offline"); // sent again on reconnect
      } else {
        // Refused for good (its time ran out, or it was already answered elsewhere): show where the session is now.
        this.pending = null;
        keepPending(null);
        this.render(await invoke<SessionState>("Join"));
      }
    } finally {
      this.sending = false;
      if (!this.pending) $<HTMLButtonElement>("submit").disabled = false;
    }
  }

  /** The answer is committed: forget the local copies, then show the next question (the result carries it). */
  accepted(outcome: SubmitOutcome): void {
    const ordinal = outcome.accepted.ordinal;
    this.acknowledged.add(ordinal);
    forgetDraft(ordinal);
    if (this.pending?.ordinal === ordinal) {
      this.pending = null;
      keepPending(null);
    }
    this.status("answer_saved");
    announce(t("answer_saved"));
    $("notice").textContent = "";
    this.render(outcome.state);
  }

  private async finish(): Promise<void> {
    if (!confirm(t("finish_confirm"))) return;
    this.render(await invoke<SessionState>("Finish"));
  }

  private tick(): void {
    if (!this.question || $("room").hidden) return;
    const now = Date.now();
    const questionLeft = Math.max(0, Math.ceil((this.questionDeadline - now) / 1000));
    const interviewLeft = Math.max(0, Math.ceil((this.interviewDeadline - now) / 1000));
    $("question-timer").textContent = t("question_time", { time: formatClock(questionLeft) });
    $("interview-timer").textContent = t("interview_time", { time: formatClock(interviewLeft) });
    $("question-timer").classList.toggle("urgent", questionLeft <= 60);
    if (questionLeft <= 60 && questionLeft > 0 && !this.warned.question && this.question.timeLimitSeconds > 60) {
      this.warned.question = true;
      announce(t("last_minute_question"));
    }
    if (interviewLeft <= 60 && interviewLeft > 0 && !this.warned.interview) {
      this.warned.interview = true;
      announce(t("last_minute_interview"));
    }
    if ((questionLeft === 0 || interviewLeft === 0) && !this.locked) this.timeUp();
  }

  /** Time is up: no more typing; what was written goes to the server now, which stores it as the answer and moves on. */
  private timeUp(): void {
    this.locked = true;
    clearTimeout(this.draftTimer);
    $<HTMLTextAreaElement>("answer").readOnly = true;
    if (this.editor) this.editor.readOnly = true;
    $<HTMLButtonElement>("submit").disabled = true;
    void this.voice?.lock();
    this.notice("time_up");
    announce(t("time_up"));
    void this.saveDraft();
  }

  private notice(key: Key, values: Record<string, string | number> = {}): void {
    $("notice").textContent = t(key, values);
  }

  private status(key: Key): void {
    $("save-status").textContent = t(key);
  }
}
