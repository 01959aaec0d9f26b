import { cookieJar, createAppClient } from "@quartet/api/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOOKS, type Look, seriousA11yFindings, useLook } from "./harness/axe.ts";
import { DEMO_PASSWORD, launchBrowser, screenshot } from "./harness/browser.ts";

// Every main page of the web app: no serious or critical axe finding in light, dark and Arabic;
// and at phone width (390 px) no sideways page scroll, the ticket's properties within reach, the
// Desk tabs scrolling with a cue, and checkboxes and icon buttons at least 24 × 24 px.
// One browser; per look one page that moves inside the app as a person would (no reloads).

const { webUrl } = inject("e2e");
const run = Date.now().toString(36);
const phone = { width: 390, height: 844 };
const OWNER = "owner@acme.test";

let browser: Browser;
let api: ReturnType<typeof createAppClient>;
const seeded = { ticketId: "", contactId: "", articleId: "", articleSlug: "", conversationId: "" };

beforeAll(async () => {
  browser = await launchBrowser();
  // One ticket with a reply (so a contact exists), one published article: through the API, once.
  const jar = cookieJar();
  api = createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store });
  await api.auth.signIn.mutate({ email: OWNER, password: DEMO_PASSWORD });
  const orgId = (await api.orgs.list.query()).find((o) => o.slug === "acme")?.id as string;
  const ticket = await api.deskTickets.create.mutate({
    orgId,
    subject: `Checkout fails with a long card holder name ${run}`,
    description: "Hello, the checkout page refuses my card since this morning. Could you have a look?",
    requester: { email: `a11y-${run}@example.test`, name: "Sam Shopper" },
  });
  await api.deskTickets.addMessage.mutate({
    orgId,
    ticketId: ticket.id,
    message: "Thanks Sam, we are looking into it.",
    isInternal: false,
  });
  const full = await api.deskTickets.get.query({ orgId, ticketId: ticket.id });
  const article = await api.deskKb.createArticle.mutate({
    orgId,
    title: `Change your delivery address ${run}`,
    content: "## Before shipping\n\nOpen **Orders**, pick the order, then *Edit address*.",
  });
  await api.deskKb.setArticleStatus.mutate({ orgId, articleId: article.id, status: "PUBLISHED" });
  seeded.ticketId = ticket.id;
  seeded.contactId = full.contact?.id ?? "";
  seeded.articleId = article.id;
  seeded.articleSlug = article.slug;
  // The demo seed's sandbox conversations: the newest one.
  const conversations = await api.inboxConversations.list.query({ orgId, limit: 1 });
  seeded.conversationId = conversations.items[0]?.id ?? "";
});
afterAll(async () => {
  await browser?.close();
});

/**
 * The account's language wins over the device's once signed in: the Arabic look sets the owner's
 * to Arabic for its run and puts English back after.
 */
async function withAccountLanguage<T>(look: Look, work: () => Promise<T>): Promise<T> {
  if (look.lang === "en") return work();
  await api.me.update.mutate({ locale: look.lang });
  try {
    return await work();
  } finally {
    await api.me.update.mutate({ locale: "en" });
  }
}

/** Signs in through the form, in whichever language the page shows. */
async function signInAs(page: Page, email: string) {
  await page.goto(`${webUrl}/sign-in`);
  await page.locator("input[type=email]").fill(email);
  await page.locator("input[type=password]").fill(DEMO_PASSWORD);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL(/\/w\//, { timeout: 20_000 });
}

/**
 * Opens a path — a full load when asked, otherwise inside the app (history + popstate, as its own
 * links do) — then waits for the page's h1 and for the network to settle.
 */
async function open(page: Page, path: string, name: string, { reload = false } = {}) {
  if (reload) await page.goto(`${webUrl}${path}`);
  else {
    await page.evaluate((to) => {
      history.pushState(null, "", to);
      dispatchEvent(new PopStateEvent("popstate"));
    }, path);
  }
  const target = new URL(path, webUrl);
  await page.waitForURL((url) => url.pathname === target.pathname);
  await page.waitForLoadState("networkidle");
  await page
    .getByRole("heading", { level: 1 })
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(async (error) => {
      await screenshot(page, `a11y-no-h1-${name.replaceAll(" ", "-")}`);
      throw new Error(`${name} (${path}): no h1 (${error})`);
    });
}

/** The signed-in pages, by name (read once the seed is in). */
function signedInPages(): [string, string][] {
  const w = "/w/acme";
  return [
    ["workspace home", w],
    ["members", `${w}/members`],
    ["workspace settings", `${w}/settings`],
    ["ticket list", `${w}/desk`],
    ["ticket detail", `${w}/desk/${seeded.ticketId}`],
    ["contacts", `${w}/desk/contacts`],
    ["contact detail", `${w}/desk/contacts/${seeded.contactId}`],
    ["kb", `${w}/desk/kb`],
    ["kb editor", `${w}/desk/kb/articles/${seeded.articleId}`],
    ["kb new article", `${w}/desk/kb/articles/new`],
    ["reports", `${w}/desk/reports`],
    ["desk settings general", `${w}/desk/settings/general`],
    ["desk settings teams", `${w}/desk/settings/teams`],
    ["desk settings sla", `${w}/desk/settings/sla`],
    ["desk settings macros", `${w}/desk/settings/macros`],
    ["desk settings fields", `${w}/desk/settings/fields`],
    ["desk settings automation", `${w}/desk/settings/automation`],
    ["inbox", `${w}/inbox`],
    ["inbox conversation", `${w}/inbox/c/${seeded.conversationId}`],
    ["inbox analytics", `${w}/inbox/analytics`],
    ["inbox labels", `${w}/inbox/settings/labels`],
    ["inbox canned replies", `${w}/inbox/settings/canned`],
    ["account profile", "/account/profile"],
    ["account security", "/account/security"],
    ["account sessions", "/account/sessions"],
    ["account notifications", "/account/notifications"],
    ["notifications", "/notifications"],
  ];
}

function signedOutPages(): [string, string][] {
  return [
    ["sign-in", "/sign-in"],
    ["sign-up", "/sign-up"],
    ["forgot password", "/forgot-password"],
    ["help center home", "/help/acme"],
    ["help center article", `/help/acme/articles/${seeded.articleSlug}`],
    ["help center contact", "/help/acme/contact"],
    ["help center search", "/help/acme/search?q=address"],
  ];
}

async function auditLook(look: Look): Promise<{ findings: Record<string, string[]>; pages: number }> {
  const findings: Record<string, string[]> = {};
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await useLook(context, look);
  const page = await context.newPage();
  let pages = 0;
  const audit = async (name: string) => {
    pages++;
    const found = await seriousA11yFindings(page);
    if (found.length) findings[name] = found;
  };

  for (const [name, path] of signedOutPages()) {
    await open(page, path, name, { reload: true });
    await audit(name);
  }
  await signInAs(page, OWNER);
  for (const [name, path] of signedInPages()) {
    await open(page, path, name);
    await audit(name);
    if (name === "ticket list") {
      await page.getByRole("button", { name: look.lang === "ar" ? "تذكرة جديدة" : "New ticket" }).click();
      await page.getByRole("dialog").getByRole("textbox").first().waitFor();
      await audit("new-ticket dialog");
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "hidden" });
    }
  }
  await screenshot(page, `a11y-pages-${look.name}`);
  await context.close();
  return { findings, pages };
}

describe("every main page of the web app", () => {
  for (const look of LOOKS) {
    it(`has no serious or critical axe finding (${look.name})`, { timeout: 240_000 }, async () => {
      const started = Date.now();
      const { findings, pages } = await withAccountLanguage(look, () => auditLook(look));
      console.log(`axe, ${look.name}: ${pages} pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(findings).toEqual({});
    });
  }
});

/** Checkboxes, radios and icon-only buttons on screen smaller than 24 × 24 px (WCAG 2.5.8). */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const candidates = document.querySelectorAll<HTMLElement>(
      'button, [role="checkbox"], [role="radio"], input[type="checkbox"], input[type="radio"]',
    );
    for (const el of Array.from(candidates)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not rendered
      if (getComputedStyle(el).visibility === "hidden" || el.closest(".sr-only")) continue;
      const isCheck = el.matches('[role="checkbox"], [role="radio"], input');
      const iconOnly = !isCheck && (el.textContent ?? "").trim() === "" && !!el.querySelector("svg");
      if (!isCheck && !iconOnly) continue;
      if (r.width < 24 || r.height < 24) {
        const name = el.getAttribute("aria-label") || el.id || el.outerHTML.slice(0, 80);
        small.push(`${name} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return small;
  });
}

/** How far the page scrolls sideways (0 when it fits). */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return Math.max(0, el.scrollWidth - window.innerWidth);
  });
}

async function phoneLook(look: Look): Promise<string[]> {
  const context = await browser.newContext({ viewport: phone, hasTouch: true, isMobile: true });
  await useLook(context, look);
  const page = await context.newPage();
  const problems: string[] = [];
  const check = async (name: string) => {
    const overflow = await sidewaysOverflow(page);
    if (overflow > 0) problems.push(`${name}: the page scrolls ${overflow} px sideways`);
    for (const target of await smallTargets(page)) problems.push(`${name}: small target ${target}`);
  };
  const shot = (name: string) =>
    look.name === "light" ? screenshot(page, `a11y-phone-${name.replaceAll(" ", "-")}`) : undefined;

  for (const [name, path] of signedOutPages().filter(([n]) => n.startsWith("help"))) {
    await open(page, path, name, { reload: true });
    await check(name);
  }
  await signInAs(page, OWNER);
  const w = "/w/acme";
  const pages: [string, string][] = [
    ["ticket list", `${w}/desk`],
    ["contacts", `${w}/desk/contacts`],
    ["contact detail", `${w}/desk/contacts/${seeded.contactId}`],
    ["kb", `${w}/desk/kb`],
    ["kb editor", `${w}/desk/kb/articles/${seeded.articleId}`],
    ["reports", `${w}/desk/reports`],
    ["desk settings sla", `${w}/desk/settings/sla`],
    ["desk settings automation", `${w}/desk/settings/automation`],
    ["inbox", `${w}/inbox`],
    ["inbox conversation", `${w}/inbox/c/${seeded.conversationId}`],
    ["inbox analytics", `${w}/inbox/analytics`],
    ["account", "/account/profile"],
    ["desk settings", `${w}/desk/settings/general`],
  ];
  for (const [name, path] of pages) {
    await open(page, path, name);
    await check(name);
    await shot(name);
  }

  // The Desk tabs scroll inside their bar, a fade marks the hidden side, the active tab is in view
  // (Settings, the last one, on the page opened last above).
  const bar = await page
    .getByRole("navigation", { name: look.lang === "ar" ? "مكتب الدعم" : "Desk", exact: true })
    .evaluate((nav) => {
      const active = nav.querySelector('[aria-current="page"]');
      const a = active?.getBoundingClientRect();
      const n = nav.getBoundingClientRect();
      return {
        scrolls: nav.scrollWidth > nav.clientWidth,
        fade: nav.parentElement?.getAttribute("data-overflow") ?? "",
        activeInView: !!a && a.left >= n.left - 1 && a.right <= n.right + 1,
      };
    });
  if (!bar.scrolls) problems.push("desk tabs: expected to be wider than a phone");
  if (!bar.fade) problems.push("desk tabs: no fade where tabs are hidden");
  if (!bar.activeInView) problems.push("desk tabs: the active tab is not scrolled into view");

  // Ticket detail: the conversation first, the properties one tap away in a sheet.
  await open(page, `${w}/desk/${seeded.ticketId}`, "ticket detail");
  await check("ticket detail");
  await shot("ticket detail");
  const properties = look.lang === "ar" ? "الخصائص" : "Properties";
  // Not also lower down the page: one Properties region at a time.
  expect(await page.getByRole("region", { name: properties, exact: true }).count()).toBe(0);
  await page.getByRole("button", { name: properties }).click();
  const sheet = page.getByRole("dialog", { name: properties });
  await sheet.getByRole("combobox").first().waitFor();
  expect(await sheet.getByRole("combobox").count()).toBe(3); // status, priority, assignee
  await check("ticket detail, properties open");
  const findings = await seriousA11yFindings(page);
  if (findings.length) problems.push(...findings.map((f) => `properties sheet: ${f}`));
  await shot("ticket detail properties");
  await page.keyboard.press("Escape");
  await sheet.waitFor({ state: "hidden" });

  await context.close();
  return problems;
}

describe("at phone width (390 px)", () => {
  for (const look of [LOOKS[0], LOOKS[2]]) {
    it(`pages fit, properties and tabs are in reach, targets are 24 px (${look.name})`, async () => {
      const problems = await withAccountLanguage(look, () => phoneLook(look));
      expect(problems).toEqual([]);
    });
  }
});
