import { setErrorTranslator } from "@quartet/ui/lib/errors";
import { createI18n } from "@quartet/ui/lib/i18n";
import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";

export const i18n = createI18n({
  resources: { en: { app: en }, fr: { app: fr }, ar: { app: ar } },
  defaultNS: "app",
});

// The server speaks English; its English sentences are the most precise, other languages get
// ours for each known reason.
setErrorTranslator((reason) => {
  if (i18n.resolvedLanguage === "en") return null;
  const key = `app:apiErrors.${reason}`;
  return i18n.exists(key) ? i18n.t(key) : null;
});
