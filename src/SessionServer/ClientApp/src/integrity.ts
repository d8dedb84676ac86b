// Integrity signals for the recruiter's timeline, sent only while the interview runs: focus, tab hidden, paste,
// copy and drop (sizes only, never the content), full-screen exit.
import { connected, invoke } from "./hub";

export function watchIntegrity(running: () => boolean): void {
  const report = (kind: string, detail: string | null = null) => {
    if (running() && connected()) invoke("ReportIntegrity", kind, detail).catch(() => { /* best effort */ });
  };
  window.addEventListener("blur", () => report("focus_lost"));
  window.addEventListener("focus", () => report("focus_regained"));
  document.addEventListener("visibilitychange", () => report(document.hidden ? "tab_hidden" : "tab_visible"));
  document.addEventListener("paste", (e) => report("paste", `${e.clipboardData?.getData("text").length ?? 0} characters`));
  document.addEventListener("copy", () => report("copy", `${document.getSelection()?.toString().length ?? 0} characters`));
  document.addEventListener("drop", (e) => report("drop", `${e.dataTransfer?.getData("text").length ?? 0} characters`), true);
  document.addEventListener("fullscreenchange", () => { if (!document.fullscreenElement) report("fullscreen_exit"); });
}
