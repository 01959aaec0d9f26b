import { createI18n } from "@quartet/ui/lib/i18n";

const languages = {
  en: () => import("./en.ts").then((m) => m.en),
  fr: () => import("./fr.ts").then((m) => m.fr),
  ar: () => import("./ar.ts").then((m) => m.ar),
};

/** The console's i18next instance: "admin" strings plus the design system's "ui" ones. */
export function createAdminI18n() {
  return createI18n({
    load: async (lng) => ({ admin: await languages[lng]() }),
    namespaces: ["admin"],
    defaultNS: "admin",
  });
}
