// The screens before and after the interview: welcome with the consent notice, setup check, waiting room,
// completion and the error pages. Each fills itself from the preview and can redraw after a language switch.
import { invoke } from "./hub";
import { $, show, announce } from "./dom";
import { t, language, formatDateTime, zoneName, formatNumber, formatClock, type Key } from "./i18n";
import { testMicrophone, QuestionPlayer } from "./audio";
import { serverNow } from "./drafts";
import type { Preview, SessionState } from "./types";

export function drawWelcome(preview: Preview): void {
  const start = new Date(preview.scheduledAt);
  const end = new Date(start.getTime() + preview.durationMinutes * 60_000);
  $("welcome-title").textContent = t("welcome_title", { name: preview.state.candidateName });
  $("welcome-intro").textContent = t("welcome_intro", { job: preview.jobTitle, company: preview.companyName });
  $("w-company").textContent = preview.companyName;
  $("w-position").textContent = preview.jobTitle;
  $("w-questions").textContent = formatNumber(preview.state.questionCount);
  $("w-duration").textContent = t("duration_value", { minutes: formatNumber(preview.durationMinutes) });
  $("w-starts").textContent = formatDateTime(start, preview.timeZone);
  $("w-ends").textContent = formatDateTime(end, preview.timeZone);
  $("w-zone").textContent = zoneName(start, preview.timeZone);
}

/** Resolves true on consent, false when declined (both recorded by the server). */
export function askConsent(): Promise<boolean> {
  return new Promise((resolve) => {
    const box = $<HTMLInputElement>("consent-check");
    const accept = $("consent-accept"), decline = $("consent-decline");
    const done = (given: boolean) => {
      accept.removeEventListener("click", onAccept);
      decline.removeEventListener("click", onDecline);
      resolve(given);
    };
    const onAccept = () => {
      if (!box.checked) {
        $("consent-error").textContent = t("consent_required");
        box.setAttribute("aria-invalid", "true");
        box.focus();
        return;
      }
      done(true);
    };
    const onDecline = () => done(false);
    accept.addEventListener("click", onAccept);
    decline.addEventListener("click", onDecline);
  });
}

export interface SetupResult { microphone: MediaStream | null; audio: boolean }

/** Microphone (permission and level), a spoken sample through the speakers and a round trip to the server; text-only when audio is impossible. */
export function runSetup(preview: Preview): Promise<SetupResult> {
  let microphone: MediaStream | null = null;
  void checkNetwork();
  $("mic-test").onclick = async () => {
    try {
      microphone = await testMicrophone($<HTMLMeterElement>("mic-level"));
      setText("mic-state", "mic_ok");
    } catch {
      setText("mic-state", "mic_denied");
    }
  };
  const player = new QuestionPlayer();
  $("speaker-test").onclick = async () => {
    const speaker = $("speaker-state");
    delete speaker.dataset.chunks;
    if (!QuestionPlayer.canPlay(preview.audio)) {
      setText("speaker-state", "speaker_unavailable");
      return;
    }
    try {
      // The questions' own voice, in the language chosen on this page: what the candidate will hear.
      const chunks = await player.sample(language(), preview.audio);
      speaker.dataset.chunks = String(chunks);
      setText("speaker-state", chunks > 0 ? "speaker_played" : "speaker_unavailable");
    } catch {
      setText("speaker-state", "speaker_unavailable");
    }
  };
  return new Promise((resolve) => {
    $("setup-continue").onclick = () => { player.stop(); resolve({ microphone, audio: true }); };
    $("setup-text-only").onclick = () => {
      player.stop();
      microphone?.getTracks().forEach((track) => track.stop());
      resolve({ microphone: null, audio: false });
    };
  });
}

async function checkNetwork(): Promise<void> {
  setText("network-state", "network_checking");
  const started = performance.now();
  try {
    await invoke("Peek");
    const ms = Math.round(performance.now() - started);
    $("network-state").textContent = t(ms < 800 ? "network_ok" : "network_slow", { ms: formatNumber(ms) });
  } catch {
    setText("network-state", "banner_offline");
  }
}

/** Counts down to the slot on the server's clock; resolves when the candidate presses Start. */
export function waitForStart(preview: Preview): Promise<void> {
  const opens = Date.parse(preview.scheduledAt);
  const start = $<HTMLButtonElement>("start");
  $("opens-at").textContent = t("opens_at", { time: formatDateTime(new Date(opens), preview.timeZone) });
  let wasOpen = false;
  const tick = () => {
    const left = Math.ceil((opens - serverNow()) / 1000);
    const open = left <= 0;
    start.disabled = !open;
    $("countdown").textContent = open ? t("ready") : t("opens_in", { time: formatClock(left) });
    if (open && !wasOpen) {
      wasOpen = true;
      announce(t("ready"));
    }
  };
  tick();
  const timer = setInterval(tick, 500);
  return new Promise((resolve) => {
    start.onclick = () => {
      if (start.disabled) return;
      clearInterval(timer);
      resolve();
    };
  });
}

export function showDone(state: SessionState): void {
  $("done-title").textContent = t("done_title", { name: state.candidateName });
  show("done");
}

const errorKeys: Record<string, Key> = {
  not_a_candidate_token: "error_invalid",
  token_expired: "error_expired",
  interview_expired: "error_expired",
  interview_cancelled: "error_cancelled",
  link_replaced: "error_replaced",
  too_early: "error_too_early",
  interview_completed: "error_completed",
  session_taken_over: "error_taken_over",
};

/** An error page in the candidate's language; too early says when the room opens (in this browser's time zone). */
export function showError(code: string | null, detail = ""): void {
  const page = $("error");
  page.dataset.code = code ?? "generic";
  let key = errorKeys[code ?? ""] ?? "error_generic";
  let values: Record<string, string> = {};
  if (key === "error_too_early") {
    const at = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC/.exec(detail);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (at) {
      const when = new Date(`${at[1]}T${at[2]}:00Z`);
      values = { time: `${formatDateTime(when, zone)} (${zoneName(when, zone)})` };
    } else {
      key = "error_too_early_plain";
    }
  }
  $("error-text").textContent = t(key, values);
  $("error-text").dataset.key = key;
  $("error-text").dataset.values = JSON.stringify(values);
  show("error");
}

/** Redraws the error page's sentence after a language switch. */
export function relabelError(): void {
  const text = $("error-text");
  if (text.dataset.key) text.textContent = t(text.dataset.key as Key, JSON.parse(text.dataset.values ?? "{}"));
}

function setText(id: string, key: Key): void {
  $(id).textContent = t(key);
  $(id).dataset.key = key;
}
