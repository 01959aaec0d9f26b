import { setErrorTranslator } from "@quartet/ui/lib/errors";
import { createI18n, LANGUAGES, type Language } from "@quartet/ui/lib/i18n";
import { type LazyArea, lazyAreas } from "./lazy-areas.ts";

const languages = {
  en: () => import("./en.ts").then((m) => m.en),
  fr: () => import("./fr.ts").then((m) => m.fr),
  ar: () => import("./ar.ts").then((m) => m.ar),
};

/** Each area some screen has asked for, and the adding of its strings (shared by every ask). */
const areaLoads = new Map<LazyArea, Promise<void>>();
const areaStrings = (lng: Language, areas: Iterable<LazyArea>) =>
  Promise.all([...areas].map((area) => lazyAreas[area][lng]()));

export const { i18n, ready: i18nReady } = createI18n({
  load: async (lng) => {
    const base = await languages[lng]();
    // The areas asked for by the time the language arrived (a later ask adds its own, below).
    const areas = await areaStrings(lng, areaLoads.keys());
    return { app: Object.assign({}, base, ...areas) };
  },
  namespaces: ["app"],
  defaultNS: "app",
});

/** Adds one area's strings to every language already loaded, the one in use included. */
async function addArea(area: LazyArea): Promise<void> {
  // The first screen's route loads while the language itself is still on its way: wait for it, so
  // that the area is added to it rather than to nothing.
  await i18nReady.catch(() => {});
  const loaded = LANGUAGES.map((l) => l.code).filter((lng) => i18n.hasResourceBundle(lng, "app"));
  await Promise.all(
    loaded.map(async (lng) => i18n.addResourceBundle(lng, "app", await lazyAreas[area][lng](), true, true)),
  );
}

/** Resolves once the areas' strings are there: a screen's route awaits it before it renders. */
export async function loadAreas(areas: readonly LazyArea[]): Promise<void> {
  await Promise.all(
    areas.map((area) => {
      let pending = areaLoads.get(area);
      if (!pending) {
        pending = addArea(area);
        // Offline: let the next navigation try again.
        pending.catch(() => areaLoads.delete(area));
        areaLoads.set(area, pending);
      }
      return pending;
    }),
  );
}

// The server speaks English; its English sentences are the most precise, other languages get
// ours for each known reason.
setErrorTranslator((reason) => {
  if (i18n.resolvedLanguage === "en") return null;
  const key = `app:apiErrors.${reason}`;
  return i18n.exists(key) ? i18n.t(key) : null;
});
