// The candidate page: welcome and consent -> setup check -> waiting room -> Start (the interview's clock starts
// here, with Join; Peek only looks) -> questions -> completion. The server owns order and time; this page keeps
// what the candidate typed until the server has it.
import { connection, connected, invoke, on, token, refusal, refusalText } from "./hub";
import { $, show, announce } from "./dom";
import { t, setLanguage, languages, languageNames, match, isLanguage, type Language } from "./i18n";
import { Room, prefetchEditor } from "./room";
import { drawWelcome, askConsent, runSetup, waitForStart, showDone, showError, relabelError } from "./screens";
import { VoicePanel, browserRecordsVoice, serverTakesVoice } from "./voice";
import { watchIntegrity } from "./integrity";
import type { Preview, SessionState } from "./types";

type Stage = "starting" | "before" | "room" | "over";
let stage: Stage = "starting";
let preview: Preview | null = null;
const chosenKey = `interview-language:${token}`;
const textOnlyKey = `interview-text-only:${token}`;

const room = new Room((state) => finished(state));

/** The language the link was issued in (a display hint read from the token, never trusted for access). */
function tokenLanguage(): Language | null {
  try {
    const payload = JSON.parse(atob((token ?? "").split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as { lang?: string };
    return match(payload.lang);
  } catch {
    return null;
  }
}

function chooseLanguage(lang: Language, remember: boolean): void {
  setLanguage(lang);
  $<HTMLSelectElement>("language").value = lang;
  if (remember) localStorage.setItem(chosenKey, lang);
  if (preview && !$("welcome").hidden) drawWelcome(preview);
  if (stage === "room") room.relabel();
  relabelError();
  for (const element of document.querySelectorAll<HTMLElement>("[data-key]")) {
    if (element.id !== "error-text") element.textContent = t(element.dataset.key as never);
  }
}

function setupLanguageSwitch(): void {
  const select = $<HTMLSelectElement>("language");
  for (const lang of languages) {
    const option = document.createElement("option");
    option.value = lang;
    option.lang = lang;
    option.textContent = languageNames[lang];
    select.append(option);
  }
  select.addEventListener("change", () => { if (isLanguage(select.value)) chooseLanguage(select.value, true); });
  const remembered = localStorage.getItem(chosenKey);
  chooseLanguage(isLanguage(remembered) ? remembered : tokenLanguage() ?? match(navigator.language) ?? "en", false);
}

/** Shows the banner at once on a drop, and says what still works; gone when the connection is back. */
function watchConnection(): void {
  const banner = $("banner");
  const down = () => {
    if (stage === "over" || stage === "starting") return;
    banner.hidden = false;
    banner.textContent = t("banner_offline");
  };
  const up = () => {
    if (banner.hidden || !navigator.onLine || !connected()) return;
    banner.hidden = true;
    banner.textContent = "";
    announce(t("banner_restored"));
  };
  window.addEventListener("offline", down);
  window.addEventListener("online", up);
  connection.onreconnecting(down);
  connection.onreconnected(async () => {
    up();
    try {
      if (stage === "room") {
        room.render(await invoke<SessionState>("Join"));
        await room.resendPending();
      } else if (stage === "before") {
        preview = await invoke<Preview>("Peek");
      }
    } catch (error) {
      failed(error);
    }
  });
  connection.onclose((error) => { if (stage !== "over") failed(error ?? new Error("closed")); });
}

function failed(error: unknown): void {
  const code = refusal(error);
  // A refused connection fails the pending call too: the first, specific reason stays on screen.
  if (stage === "over" && !code) return;
  if (code === "session_taken_over") {
    show("takeover");
    return;
  }
  stage = "over";
  $("banner").hidden = true;
  showError(code, refusalText(error));
}

function finished(state: SessionState): void {
  stage = "over";
  $("banner").hidden = true;
  showDone(state);
  void connection.stop();
}

/** Where a fresh look at the session leads: welcome for a new interview, straight back in for one under way. */
async function route(next: Preview): Promise<void> {
  preview = next;
  const remembered = localStorage.getItem(chosenKey);
  if (!isLanguage(remembered) && isLanguage(next.state.language)) chooseLanguage(next.state.language, false);
  switch (next.state.status) {
    case "in_progress":
      prefetchEditor();
      await enterRoom(await microphoneAlreadyAllowed());
      return;
    case "scheduled":
      prefetchEditor(); // fetched while the candidate reads the welcome screen
      break;
    case "cancelled":
      failed(new Error("interview_cancelled"));
      return;
    case "expired":
      failed(new Error("interview_expired"));
      return;
    default:
      failed(new Error("interview_completed"));
      return;
  }
  stage = "before";
  drawWelcome(next);
  show("welcome");
  const given = await askConsent();
  await invoke("RecordConsent", given, document.documentElement.lang);
  if (!given) {
    stage = "over";
    show("declined");
    void connection.stop();
    return;
  }
  show("setup");
  const setup = await runSetup(next);
  show("waiting");
  await waitForStart(next);
  await enterRoom(setup);
}

/** Back in an interview under way (a reload, another tab): voice answers stay available without a new setup check
 * when this browser already allows the microphone; nothing is asked for here. */
async function microphoneAlreadyAllowed(): Promise<{ microphone: MediaStream | null; audio: boolean }> {
  if (localStorage.getItem(textOnlyKey) === "true") return { microphone: null, audio: false };
  try {
    const permission = await navigator.permissions.query({ name: "microphone" as PermissionName });
    if (permission.state !== "granted") return { microphone: null, audio: true };
    return { microphone: await navigator.mediaDevices.getUserMedia({ audio: true }), audio: true };
  } catch {
    return { microphone: null, audio: true };
  }
}

/** Join starts the interview's clock (or resumes it); from here the room runs. */
async function enterRoom(setup: { microphone: MediaStream | null; audio: boolean } | null): Promise<void> {
  room.audioEnabled = setup?.audio ?? true;
  if (setup) localStorage.setItem(textOnlyKey, String(!setup.audio));
  if (setup?.microphone && browserRecordsVoice() && await serverTakesVoice()) {
    room.voice = new VoicePanel(setup.microphone, (outcome) => room.accepted(outcome));
  }
  const state = await invoke<SessionState>("Join");
  stage = "room";
  show("room");
  room.render(state);
  await room.resendPending();
}

async function main(): Promise<void> {
  setupLanguageSwitch();
  watchConnection();
  watchIntegrity(() => stage === "room");
  on("TakeoverOffered", () => show("takeover"));
  on("SessionTakenOver", () => { stage = "over"; showError("session_taken_over"); void connection.stop(); });
  on("NextQuestion", (state: SessionState) => { if (stage === "room") room.render(state); });
  on("Completed", (state: SessionState) => { if (stage === "room") room.render(state); });
  on("AnswerAccepted", () => { /* the call's own result carries the next question */ });
  $("takeover-confirm").addEventListener("click", async () => {
    try {
      await route(await invoke<Preview>("ConfirmTakeoverAndPeek"));
    } catch (error) {
      failed(error);
    }
  });
  $("reload").addEventListener("click", () => location.reload());

  if (!token) {
    showError("not_a_candidate_token");
    return;
  }
  $("status").textContent = t("connecting");
  try {
    await connection.start();
    await route(await invoke<Preview>("Peek"));
  } catch (error) {
    failed(error);
  }
}

void main();
