import { uiResources } from "@quartet/ui/lib/i18n-ui-resources";
import { describe, expect, it } from "vitest";
import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";
import { lazyAreas } from "./lazy-areas.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const base = (key: string) => key.replace(PLURAL, "");
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function checkComplete(source: object, target: object, pluralForms: string[]) {
  const src = flatten(source);
  const dst = flatten(target);
  const srcBases = new Set([...src.keys()].map(base));
  const dstBases = new Set([...dst.keys()].map(base));
  expect(
    [...srcBases].filter((k) => !dstBases.has(k)),
    "missing keys",
  ).toEqual([]);
  expect(
    [...dstBases].filter((k) => !srcBases.has(k)),
    "extra keys",
  ).toEqual([]);
  for (const key of src.keys()) {
    if (!PLURAL.test(key)) continue;
    for (const form of pluralForms)
      expect(dst.has(`${base(key)}_${form}`), `${base(key)}_${form}`).toBe(true);
  }
  // The same placeholders (a translation that drops {{email}} hides information).
  for (const [key, value] of dst) {
    const ref = src.get(key) ?? src.get(`${base(key)}_other`);
    if (ref === undefined) continue;
    const expected = vars(ref).filter((v) => v !== "count");
    const actual = vars(value).filter((v) => v !== "count");
    expect(actual, key).toEqual(expected);
  }
}

/** One language's strings as a screen sees them once every area has loaded. */
async function complete(lang: "en" | "fr" | "ar", base: object): Promise<object> {
  const areas = await Promise.all(Object.values(lazyAreas).map((area) => area[lang]()));
  const keys = [...Object.keys(base), ...areas.flatMap((a) => Object.keys(a))];
  expect(keys.length, `${lang}: an area's key clashes with another`).toBe(new Set(keys).size);
  return Object.assign({}, base, ...areas);
}
const all = async () => ({
  en: await complete("en", en),
  fr: await complete("fr", fr),
  ar: await complete("ar", ar),
});

describe("translations", () => {
  it("French has every English string", async () => {
    const s = await all();
    checkComplete(s.en, s.fr, ["one", "other"]);
  });
  it("Arabic has every English string, with all six plural forms", async () => {
    const s = await all();
    checkComplete(s.en, s.ar, ["zero", "one", "two", "few", "many", "other"]);
  });
  it("the shared components are translated too", () => {
    checkComplete(uiResources.en, uiResources.fr, []);
    checkComplete(uiResources.en, uiResources.ar, []);
  });
  it("no string is left empty by mistake", async () => {
    for (const [lang, res] of Object.entries(await all())) {
      for (const [key, value] of flatten(res)) {
        if (key.endsWith("statusBody.PENDING")) continue;
        expect(value.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });
});
