import { describe, expect, it } from "vitest";
import { createOrgInput, updateOrgInput } from "./org.schema.ts";
import { baseSlug, slugCandidates, slugify } from "./org-slug.ts";

describe("slugs", () => {
  it("slugifies names: accents stripped, lowercase, single hyphens, no edge hyphens", () => {
    expect(slugify("  Café Déjà-Vu!! Team ")).toBe("cafe-deja-vu-team");
    expect(slugify("ACME   Corp.")).toBe("acme-corp");
    expect(slugify("🚀🚀")).toBe("");
  });

  it("pads short or empty bases so they stay valid", () => {
    expect(baseSlug("Al")).toBe("al-workspace");
    expect(baseSlug("🚀")).toBe("workspace");
    expect(baseSlug("x".repeat(200)).length).toBeLessThanOrEqual(40);
  });

  it("skips a reserved base and falls back to suffixed candidates", () => {
    const first = slugCandidates("admin").next().value;
    expect(first).toMatch(/^admin-[a-z0-9]{4}$/);
    const all = [...slugCandidates("acme")];
    expect(all[0]).toBe("acme");
    expect(new Set(all).size).toBe(all.length);
    for (const c of all) expect(c).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("validates explicit slugs: charset, length, reserved words; lowercases input", () => {
    const ok = createOrgInput.safeParse({ name: "Acme", slug: "Acme-2" });
    expect(ok.success && ok.data.slug).toBe("acme-2");
    for (const slug of [
      "ab",
      "a".repeat(61),
      "acme_corp",
      "-acme",
      "acme-",
      "ac--me",
      "ac me",
      "admin",
      "settings",
    ]) {
      const r = createOrgInput.safeParse({ name: "Acme", slug });
      expect(r.success, slug).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(["slug"]);
    }
  });

  it("accepts IANA time zones only", () => {
    const orgId = "5b1c1f44-4c46-4f1e-9a4f-3d2d4f0b8a11";
    expect(updateOrgInput.safeParse({ orgId, timezone: "Europe/Paris" }).success).toBe(true);
    expect(updateOrgInput.safeParse({ orgId, timezone: "Mars/Olympus" }).success).toBe(false);
    expect(updateOrgInput.safeParse({ orgId, timezone: "" }).success).toBe(false);
  });
});
