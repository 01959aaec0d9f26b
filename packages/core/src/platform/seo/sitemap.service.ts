import type { DbOrTx } from "@quartet/db/client";

// Public pages search engines may index: the Tools grid and each active tool's landing page, and
// each live workspace's help center (when switched on) with its categories and published articles.

const xmlEscape = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

export interface SitemapEntry {
  loc: string;
  lastmod: Date | null;
}

/** The help-center URLs of one article (what IndexNow is told about when it changes). */
export function helpArticleUrl(webUrl: string, orgSlug: string, articleSlug: string): string {
  return `${webUrl.replace(/\/+$/, "")}/help/${encodeURIComponent(orgSlug)}/articles/${encodeURIComponent(articleSlug)}`;
}

/** The Tools grid, then one landing page per active tool (in the grid's order). */
async function toolEntries(db: DbOrTx, base: string): Promise<SitemapEntry[]> {
  const tools = await db.$queryRaw<{ slug: string; lastmod: Date | null }[]>`
    SELECT slug, updated_at AS lastmod FROM tools WHERE is_active ORDER BY sort_order, slug`;
  if (tools.length === 0) return [];
  const newest = tools.reduce<Date | null>(
    (max, t) => (t.lastmod && (!max || t.lastmod > max) ? t.lastmod : max),
    null,
  );
  return [
    { loc: `${base}/tools`, lastmod: newest },
    ...tools.map((t) => ({ loc: `${base}/tools/${encodeURIComponent(t.slug)}`, lastmod: t.lastmod })),
  ];
}

export async function sitemapEntries(db: DbOrTx, webUrl: string): Promise<SitemapEntry[]> {
  const base = webUrl.replace(/\/+$/, "");
  const tools = await toolEntries(db, base);
  const rows = await db.$queryRaw<{ kind: string; org: string; slug: string | null; lastmod: Date | null }[]>`
    WITH live AS (
      SELECT o.id, o.slug FROM organizations o
      LEFT JOIN desk_settings s ON s.organization_id = o.id
      WHERE o.deleted_at IS NULL AND COALESCE(s.help_center_enabled, true)
        AND EXISTS (SELECT 1 FROM kb_articles a WHERE a.organization_id = o.id AND a.status = 'PUBLISHED')
    )
    SELECT 'home' AS kind, l.slug AS org, NULL AS slug,
           (SELECT max(a.updated_at) FROM kb_articles a WHERE a.organization_id = l.id AND a.status = 'PUBLISHED') AS lastmod
    FROM live l
    UNION ALL
    SELECT 'category', l.slug, c.slug, max(a.updated_at)
    FROM live l JOIN kb_categories c ON c.organization_id = l.id
    JOIN kb_articles a ON a.category_id = c.id AND a.status = 'PUBLISHED'
    GROUP BY l.slug, c.slug
    UNION ALL
    SELECT 'article', l.slug, a.slug, a.updated_at
    FROM live l JOIN kb_articles a ON a.organization_id = l.id AND a.status = 'PUBLISHED'
    ORDER BY 2, 1 DESC, 3`;
  const help = rows.map((r) => {
    const org = `${base}/help/${encodeURIComponent(r.org)}`;
    const loc =
      r.kind === "home"
        ? org
        : r.kind === "category"
          ? `${org}/categories/${encodeURIComponent(r.slug ?? "")}`
          : `${org}/articles/${encodeURIComponent(r.slug ?? "")}`;
    return { loc, lastmod: r.lastmod };
  });
  return [...tools, ...help];
}

/** sitemaps.org XML (one file: up to 50,000 URLs). */
export async function buildSitemapXml(db: DbOrTx, webUrl: string): Promise<string> {
  const entries = (await sitemapEntries(db, webUrl)).slice(0, 50_000);
  const urls = entries.map(
    (e) =>
      `  <url><loc>${xmlEscape(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}${urls.length ? "\n" : ""}</urlset>\n`;
}

/** Crawlers may read the tools and the help centers; the signed-in app, its API and the hooks stay out. */
export function robotsTxt(webUrl: string): string {
  const base = webUrl.replace(/\/+$/, "");
  return [
    "User-agent: *",
    "Allow: /tools",
    "Allow: /help/",
    "Disallow: /w/",
    "Disallow: /trpc/",
    "Disallow: /api/",
    "Disallow: /hooks/",
    "Disallow: /unsubscribe",
    "Disallow: /help/*/tickets/",
    "",
    `Sitemap: ${base}/sitemap.xml`,
    "",
  ].join("\n");
}
