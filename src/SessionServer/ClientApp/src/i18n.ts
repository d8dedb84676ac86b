// The page's words in the platform's 12 interview languages (one JSON file each, same keys: a test checks),
// and the <html> lang/dir that follow the chosen one (Arabic is right to left).
import en from "./i18n/en.json";
import es from "./i18n/es.json";
import fr from "./i18n/fr.json";
import de from "./i18n/de.json";
import pt from "./i18n/pt.json";
import hi from "./i18n/hi.json";
import zh from "./i18n/zh.json";
import ja from "./i18n/ja.json";
import ko from "./i18n/ko.json";
import ar from "./i18n/ar.json";
import ru from "./i18n/ru.json";
import it from "./i18n/it.json";

export type Key = keyof typeof en;
type Table = Record<Key, string>;

const tables = { en, es, fr, de, pt, hi, zh, ja, ko, ar, ru, it } satisfies Record<string, Table>;
export type Language = keyof typeof tables;
export const languages = Object.keys(tables) as Language[];

/** Each language in its own words, for the switcher. */
export const languageNames: Record<Language, string> = {
  en: "English", es: "Español", fr: "Français", de: "Deutsch", pt: "Português", hi: "हिन्दी",
  zh: "中文", ja: "日本語", ko: "한국어", ar: "العربية", ru: "Русский", it: "Italiano",
};

const rightToLeft = new Set<Language>(["ar"]);
let current: Language = "en";

export const isLanguage = (value: unknown): value is Language => typeof value === "string" && value in tables;
export const language = (): Language => current;

/** The closest of ours to a tag like "pt-BR" or "zh-Hans", or null. */
export function match(tag: string | null | undefined): Language | null {
  const base = (tag ?? "").toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : null;
}

export function t(key: Key, values: Record<string, string | number> = {}): string {
  const template = (tables[current] as Table)[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Switches the page's language: lang, dir and every element marked data-i18n (text) or data-i18n-label (aria-label). */
export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = rightToLeft.has(lang) ? "rtl" : "ltr";
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) element.textContent = t(element.dataset.i18n as Key);
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel as Key));
  }
  document.title = t("page_title");
}

/** A date and time in the interview's time zone, in the candidate's language. */
export function formatDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(current, { dateStyle: "full", timeStyle: "short", timeZone: safeZone(timeZone) }).format(at);
}

/** The time zone's name as people say it ("Central European Standard Time"), not its IANA id. */
export function zoneName(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(current, { timeZone: safeZone(timeZone), timeZoneName: "long" }).formatToParts(at);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/** Seconds as m:ss (h:mm:ss past an hour), in the language's digits. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = new Intl.NumberFormat(current, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(current, { useGrouping: false });
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h > 0 ? `${one.format(h)}:${two.format(m)}:${two.format(sec)}` : `${one.format(m)}:${two.format(sec)}`;
}

export const formatNumber = (n: number): string => new Intl.NumberFormat(current).format(n);

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}
