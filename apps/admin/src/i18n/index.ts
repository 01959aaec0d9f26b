import { createI18n } from "@quartet/ui/lib/i18n";
import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";

export const adminResources = { en: { admin: en }, fr: { admin: fr }, ar: { admin: ar } };

/** The console's i18next instance: "admin" strings plus the design system's "ui" ones. */
export function createAdminI18n() {
  return createI18n({ resources: adminResources, defaultNS: "admin" });
}
