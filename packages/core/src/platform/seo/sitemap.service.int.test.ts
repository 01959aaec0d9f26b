import type { Db } from "@quartet/db/client";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSitemapXml, robotsTxt, sitemapEntries } from "./sitemap.service.ts";

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterAll(async () => {
  await t?.drop();
});

const tool = (slug: string, sortOrder: number, isActive = true) => ({
  slug,
  category: "pdf",
  name: slug,
  processor: "pdf.merge",
  accessLevel: "GUEST" as const,
  isActive,
  sortOrder,
});

describe("sitemap: tool landing pages", () => {
  it("lists the Tools grid and each active tool's page in the grid's order, never an inactive one", async () => {
    await db.tool.deleteMany({});
    expect(
      (await sitemapEntries(db, "https://quartet.example/")).filter((e) => e.loc.includes("/tools")),
    ).toEqual([]);

    await db.tool.createMany({
      data: [tool("sitemap-b", 2), tool("sitemap-a", 1), tool("sitemap-retired", 0, false)],
    });
    const entries = await sitemapEntries(db, "https://quartet.example/");
    const tools = entries.filter((e) => e.loc.includes("/tools"));
    expect(tools.map((e) => e.loc)).toEqual([
      "https://quartet.example/tools",
      "https://quartet.example/tools/sitemap-a",
      "https://quartet.example/tools/sitemap-b",
    ]);
    // The grid changes when any tool does.
    const newest = Math.max(...tools.slice(1).map((e) => e.lastmod!.getTime()));
    expect(tools[0]!.lastmod!.getTime()).toBe(newest);

    const xml = await buildSitemapXml(db, "https://quartet.example");
    expect(xml).toContain("<loc>https://quartet.example/tools/sitemap-a</loc>");
    expect(xml).not.toContain("sitemap-retired");
    expect(robotsTxt("https://quartet.example")).toContain("Allow: /tools");
  });
});
