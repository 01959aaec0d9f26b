import i18next, { type i18n as I18n } from "i18next";
import { useCallback } from "react";
import { initReactI18next, useTranslation } from "react-i18next";
import { uiResources } from "./i18n-ui-resources.ts";

export { Trans, useTranslation } from "react-i18next";
export type { I18n };

export type Language = "en" | "fr" | "ar";

export const LANGUAGES: readonly { code: Language; label: string; dir: "ltr" | "rtl" }[] = [
  { code: "en", label: "English", dir: "ltr" },
  { code: "fr", label: "Français", dir: "ltr" },
  { code: "ar", label: "العربية", dir: "rtl" },
];

const STORAGE_KEY = "quartet.lang";

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "fr" || value === "ar";
}

export function directionOf(lang: string): "ltr" | "rtl" {
  return LANGUAGES.find((l) => l.code === lang)?.dir ?? "ltr";
}

/** Saved choice, else the browser's language if we have it, else English. */
export function detectLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // ignore blocked storage
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return "en";
}

/** Keeps <html lang dir> in step with the language so Arabic lays out right-to-left. */
export function applyDocumentLanguage(lang: string): void {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = directionOf(lang);
}

export interface CreateI18nOptions {
  /**
   * Loads one language's namespaces, e.g. `(lng) => import(`./${lng}.ts`)` mapped to
   * `{ app: strings }`: a dynamic import per language, so a person downloads only their own.
   */
  load: (lng: Language) => Promise<Record<string, object>>;
  /** The app's namespaces (the keys `load` returns). */
  namespaces: readonly string[];
  defaultNS: string;
  lng?: Language;
}

/**
 * One i18next instance per SPA: the app's namespaces plus this package's "ui" namespace. The
 * language in use is loaded before the first render (`ready`); switching language loads the
 * next one first, then re-renders. Every language is complete (typed), so there is no fallback.
 */
export function createI18n({ load, namespaces, defaultNS, lng = detectLanguage() }: CreateI18nOptions): {
  i18n: I18n;
  ready: Promise<unknown>;
} {
  const loaded = new Map<Language, Promise<Record<string, object>>>();
  const loadOnce = (code: Language) => {
    let pending = loaded.get(code);
    if (!pending) {
      pending = load(code);
      // A failed download (offline) may be retried on the next language change.
      pending.catch(() => loaded.delete(code));
      loaded.set(code, pending);
    }
    return pending;
  };
  const instance = i18next.createInstance();
  const ready = instance
    .use(initReactI18next)
    .use({
      type: "backend",
      init: () => {},
      read: (code: string, ns: string, done: (error: unknown, data: object | null) => void) => {
        if (!isLanguage(code)) return done(null, {});
        if (ns === "ui") return done(null, uiResources[code]);
        loadOnce(code).then(
          (resources) => done(null, resources[ns] ?? {}),
          (error) => done(error, null),
        );
      },
    })
    .init({
      lng,
      fallbackLng: false,
      supportedLngs: ["en", "fr", "ar"],
      defaultNS,
      ns: [...namespaces, "ui"],
      interpolation: { escapeValue: false },
      returnNull: false,
      react: { useSuspense: false },
    });
  applyDocumentLanguage(lng);
  instance.on("languageChanged", (next) => applyDocumentLanguage(next));
  return { i18n: instance, ready };
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore
  }
}

/** Current language, its direction, and a setter that also remembers the choice on this device. */
export function useLanguage(): {
  language: Language;
  dir: "ltr" | "rtl";
  setLanguage: (lang: Language) => void;
} {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : "en";
  const setLanguage = useCallback(
    (lang: Language) => {
      rememberLanguage(lang);
      if (i18n.language !== lang) void i18n.changeLanguage(lang);
    },
    [i18n],
  );
  return { language, dir: directionOf(language), setLanguage };
}
