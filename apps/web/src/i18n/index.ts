import { createI18n } from "@quartet/ui/lib/i18n";
import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";

export const i18n = createI18n({
  resources: { en: { app: en }, fr: { app: fr }, ar: { app: ar } },
  defaultNS: "app",
});
