// Small DOM helpers shared by the screens.

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from interview.html`);
  return element as T;
};

const screens = ["welcome", "setup", "waiting", "takeover", "room", "done", "declined", "error"] as const;
export type Screen = (typeof screens)[number];

/** Shows one screen and moves focus to its heading, so keyboard and screen-reader users start at the top of it. */
export function show(screen: Screen): void {
  for (const id of screens) $(id).hidden = id !== screen;
  $("status").textContent = "";
  const heading = $(screen).querySelector<HTMLElement>("h2");
  heading?.focus();
}

/** Says something to screen-reader users through the page's polite live region. */
export function announce(text: string): void {
  const region = $("announcer");
  region.textContent = "";
  // A fresh text node after a tick, so the same sentence twice is read twice.
  setTimeout(() => { region.textContent = text; }, 50);
}
