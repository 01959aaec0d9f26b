import { setErrorTranslator } from "@quartet/ui/lib/errors";
import { createI18n } from "@quartet/ui/lib/i18n";

const languages = {
  en: () => import("./en.ts").then((m) => m.en),
  fr: () => import("./fr.ts").then((m) => m.fr),
  ar: () => import("./ar.ts").then((m) => m.ar),
};

export const { i18n, ready: i18nReady } = createI18n({
  load: async (lng) => ({ app: await languages[lng]() }),
  namespaces: ["app"],
  defaultNS: "app",
});

// The server speaks English; its English sentences are the most precise, other languages get
// ours for each known reason.
setErrorTranslator((reason) => {
  if (i18n.resolvedLanguage === "en") return null;
  const key = `app:apiErrors.${reason}`;
  return i18n.exists(key) ? i18n.t(key) : null;
});
