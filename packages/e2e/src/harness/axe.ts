import axe from "axe-core";
import type { BrowserContext, Page } from "playwright-core";

/** axe-core's serious and critical findings on the page, one line each (empty when clean). */
export async function seriousA11yFindings(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy doesn't apply;
  // once per document (a single-page app keeps it across its own navigations).
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  // Finite animations end first (a dialog fading in, a button's colour transition): mid-fade,
  // axe measures the contrast of half-transparent text. Looping ones (spinners) never end: skipped,
  // and the wait is capped.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
          .map((a) => a.finished.catch(() => {})),
      ),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]),
  );
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(", ")}`);
}

/** The looks a page is checked in: the SPAs read these from localStorage before the first paint. */
export const LOOKS = [
  { name: "light", theme: "light", lang: "en" },
  { name: "dark", theme: "dark", lang: "en" },
  { name: "arabic", theme: "light", lang: "ar" },
] as const;

export type Look = (typeof LOOKS)[number];

/** Sets a context's theme and language for every page it opens. */
export async function useLook(context: BrowserContext, look: Look): Promise<void> {
  await context.addInitScript(
    ([theme, lang]) => {
      localStorage.setItem("quartet.theme", theme);
      localStorage.setItem("quartet.lang", lang);
    },
    [look.theme, look.lang] as const,
  );
}
