import i18next, { type i18n as I18n, type Resource } from "i18next";
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
  /** The app's own resources: { en: { app: {...} }, fr: {...}, ar: {...} }. */
  resources: Record<Language, Record<string, object>>;
  defaultNS: string;
  lng?: Language;
}

/**
 * One i18next instance per SPA: the app's namespaces plus this package's "ui" namespace.
 * Resources are bundled, so init is synchronous and the first render is already translated.
 */
export function createI18n({ resources, defaultNS, lng = detectLanguage() }: CreateI18nOptions): I18n {
  const merged: Resource = {};
  for (const code of ["en", "fr", "ar"] as const) {
    merged[code] = { ...resources[code], ui: uiResources[code] };
  }
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: merged,
    lng,
    fallbackLng: "en",
    supportedLngs: ["en", "fr", "ar"],
    defaultNS,
    ns: [...Object.keys(resources.en), "ui"],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  applyDocumentLanguage(lng);
  instance.on("languageChanged", (next) => applyDocumentLanguage(next));
  return instance;
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
