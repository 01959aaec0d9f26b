import { setErrorTranslator } from "@quartet/ui/lib/errors";
import { createI18n, LANGUAGES, type Language } from "@quartet/ui/lib/i18n";
import { type LazyArea, lazyAreas } from "./lazy-areas.ts";

const languages = {
  en: () => import("./en.ts").then((m) => m.en),
  fr: () => import("./fr.ts").then((m) => m.fr),
  ar: () => import("./ar.ts").then((m) => m.ar),
};

/** Areas some screen has asked for: a language loaded later brings them along. */
const wantedAreas = new Set<LazyArea>();
const areaStrings = (lng: Language, areas: Iterable<LazyArea>) =>
  Promise.all([...areas].map((area) => lazyAreas[area][lng]()));

export const { i18n, ready: i18nReady } = createI18n({
  load: async (lng) => {
    const [base, areas] = await Promise.all([languages[lng](), areaStrings(lng, wantedAreas)]);
    return { app: Object.assign({}, base, ...areas) };
  },
  namespaces: ["app"],
  defaultNS: "app",
});

/**
 * Adds the areas' strings to every language already loaded (the one in use first), before the
 * screen that needs them renders.
 */
export async function loadAreas(areas: readonly LazyArea[]): Promise<void> {
  const missing = areas.filter((area) => !wantedAreas.has(area));
  if (missing.length === 0) return;
  for (const area of missing) wantedAreas.add(area);
  const loaded = LANGUAGES.map((l) => l.code).filter((lng) => i18n.hasResourceBundle(lng, "app"));
  try {
    await Promise.all(
      loaded.map(async (lng) => {
        for (const strings of await areaStrings(lng, missing))
          i18n.addResourceBundle(lng, "app", strings, true, true);
      }),
    );
  } catch (error) {
    // Offline: let the next navigation try again.
    for (const area of missing) wantedAreas.delete(area);
    throw error;
  }
}

// The server speaks English; its English sentences are the most precise, other languages get
// ours for each known reason.
setErrorTranslator((reason) => {
  if (i18n.resolvedLanguage === "en") return null;
  const key = `app:apiErrors.${reason}`;
  return i18n.exists(key) ? i18n.t(key) : null;
});
