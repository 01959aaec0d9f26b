import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD, launchBrowser, screenshot, signIn } from "./harness/browser.ts";

// How the SPAs reach the browser: route-split, precompressed, cached for a year, no public source
// maps, and the ticket list's data requests started together rather than one after the other.

const { webUrl, adminUrl } = inject("e2e");
const BUDGET_BYTES = 250 * 1024;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  // A ticket for the list to show.
  const jar = cookieJar();
  const api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email: "agent@acme.test", password: DEMO_PASSWORD });
  const orgId = (await api.orgs.list.query()).find((o) => o.slug === "acme")?.id as string;
  await api.deskTickets.create.mutate({
    orgId,
    subject: `Delivery check ${Date.now().toString(36)}`,
    description: "Is the list fast?",
    requester: { email: "delivery-e2e@example.test" },
  });
});
afterAll(async () => {
  await browser?.close();
});

interface Loaded {
  url: string;
  encoding: string | undefined;
  cacheControl: string | undefined;
  bytes: number;
}

/** Every script a page loads, with what crossed the wire (compressed bytes). */
function recordScripts(page: Page): Loaded[] {
  const scripts: Loaded[] = [];
  page.on("requestfinished", async (request) => {
    if (request.resourceType() !== "script") return;
    const response = await request.response();
    const sizes = await request.sizes();
    scripts.push({
      url: request.url(),
      encoding: response?.headers()["content-encoding"],
      cacheControl: response?.headers()["cache-control"],
      bytes: sizes.responseBodySize,
    });
  });
  return scripts;
}

const total = (scripts: Loaded[]) => scripts.reduce((sum, s) => sum + s.bytes, 0);

describe("the web app's delivery", () => {
  it("sign-in loads under 250 KB of compressed JavaScript, immutable and brotli, without desk code", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = recordScripts(page);
    const index = await page.goto(`${webUrl}/sign-in`);
    expect(index?.headers()["cache-control"]).toBe("no-cache");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.waitForLoadState("networkidle");

    expect(scripts.length).toBeGreaterThan(1);
    for (const s of scripts.filter((s) => s.url.includes("/assets/"))) {
      // The build precompresses every file of 1 KB or more; smaller ones go as they are.
      expect(s.encoding === "br" || s.bytes < 1024, `${s.url} (${s.encoding}, ${s.bytes} B)`).toBe(true);
      expect(s.cacheControl, s.url).toBe("public, max-age=31536000, immutable");
    }
    expect(total(scripts)).toBeLessThan(BUDGET_BYTES);
    // The charts, editors and settings are other screens' chunks.
    expect(scripts.map((s) => s.url).join("\n")).not.toMatch(/reports-page|kb-editor|settings-|automation/);
    console.log(`sign-in: ${scripts.length} scripts, ${(total(scripts) / 1024).toFixed(1)} KB on the wire`);
    await context.close();
  });

  it("publishes no source maps", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = recordScripts(page);
    await page.goto(`${webUrl}/sign-in`);
    await page.waitForLoadState("networkidle");
    for (const { url } of scripts.filter((s) => s.url.includes("/assets/"))) {
      const body = await (await fetch(url)).text();
      expect(body, url).not.toContain("sourceMappingURL");
      const map = await fetch(`${url}.map`);
      expect(await map.text()).not.toMatch(/"mappings"/);
    }
    await context.close();
  });

  it("the ticket list loads under 250 KB and asks for the session, workspaces and tickets at once", async () => {
    const signingIn = await browser.newContext();
    const first = await signingIn.newPage();
    await signIn(first, "agent@acme.test");
    const storageState = await signingIn.storageState();
    await signingIn.close();

    // Cold: signed in, but nothing in the browser's cache.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
    const coldPage = await context.newPage();
    const scripts = recordScripts(coldPage);
    const coldMs = await timeToRows(coldPage);
    await coldPage.waitForLoadState("networkidle");
    expect(total(scripts)).toBeLessThan(BUDGET_BYTES);

    // Warm: a new tab, as after a reload: nothing in memory, the browser cache full.
    const page = await context.newPage();
    const calls: { procedures: string; started: number; finished: number }[] = [];
    page.on("requestfinished", (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith("/trpc/")) return;
      const timing = request.timing();
      calls.push({
        procedures: url.pathname.slice("/trpc/".length),
        started: timing.startTime,
        finished: timing.startTime + timing.responseEnd,
      });
    });
    const warmMs = await timeToRows(page);
    await page.waitForLoadState("networkidle");

    const find = (name: string) => calls.find((c) => c.procedures.split(",").includes(name));
    const session = find("auth.session");
    const orgs = find("orgs.list");
    const tickets = find("deskTickets.list");
    expect(session && orgs && tickets).toBeTruthy();
    // Started before the session's answer came back: nobody waited for anybody.
    expect(orgs!.started).toBeLessThan(session!.finished);
    expect(tickets!.started).toBeLessThan(session!.finished);
    console.log(
      `ticket list: rows visible after ${coldMs} ms cold, ${warmMs} ms warm; ${(total(scripts) / 1024).toFixed(1)} KB of scripts`,
    );
    await context.close();
  });
});

/** Milliseconds from navigation to the first ticket row on screen. */
async function timeToRows(page: Page): Promise<number> {
  const started = Date.now();
  await page.goto(`${webUrl}/w/acme/desk`);
  await page
    .getByRole("row")
    .nth(1)
    .waitFor()
    .catch(async (error) => {
      await screenshot(page, "web-delivery-ticket-list");
      throw error;
    });
  return Date.now() - started;
}

describe("the admin console's delivery", () => {
  it("sign-in loads under 250 KB of compressed JavaScript, precompressed and immutable", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = recordScripts(page);
    await page.goto(`${adminUrl}/sign-in`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.waitForLoadState("networkidle");
    for (const s of scripts.filter((s) => s.url.includes("/assets/"))) {
      // The build precompresses every file of 1 KB or more; smaller ones go as they are.
      expect(s.encoding === "br" || s.bytes < 1024, `${s.url} (${s.encoding}, ${s.bytes} B)`).toBe(true);
      expect(s.cacheControl, s.url).toBe("public, max-age=31536000, immutable");
    }
    expect(total(scripts)).toBeLessThan(BUDGET_BYTES);
    expect(scripts.map((s) => s.url).join("\n")).not.toMatch(/users\.page|outbox|audit/);
    await context.close();
  });
});
