import { describe, expect, it } from "vitest";
import { ar } from "./ar.ts";
import { en } from "./en.ts";
import { fr } from "./fr.ts";

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Flattened key → string (keys like "user.lock" under auditActions stay whole). */
function flat(obj: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === "object")
      for (const [kk, vv] of flat(v as object, `${prefix}${k}/`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}
const base = (m: Map<string, string>) => [...new Set([...m.keys()].map((k) => k.replace(PLURAL, "")))].sort();
const vars = (s: string) =>
  [...new Set(s.match(/\{\{\w+\}\}/g) ?? [])].filter((v) => v !== "{{count}}").sort();

describe("admin translations", () => {
  const E = flat(en);
  const F = flat(fr);
  const A = flat(ar);

  it("French and Arabic have every English key (plural forms aside)", () => {
    expect(base(F)).toEqual(base(E));
    expect(base(A)).toEqual(base(E));
  });

  it("Arabic gives all six plural forms wherever English pluralises", () => {
    const plural = base(new Map([...E].filter(([k]) => PLURAL.test(k))));
    expect(plural.length).toBeGreaterThan(5);
    for (const k of plural) {
      for (const form of ["zero", "one", "two", "few", "many", "other"])
        expect(A.has(`${k}_${form}`), `${k}_${form}`).toBe(true);
    }
  });

  it("keeps the interpolation placeholders of every string", () => {
    const enByBase = new Map([...E].map(([k, v]) => [k.replace(PLURAL, ""), v]));
    for (const lang of [F, A]) {
      for (const [k, v] of lang) {
        expect(vars(v), k).toEqual(vars(enByBase.get(k.replace(PLURAL, "")) ?? ""));
      }
    }
  });
});
