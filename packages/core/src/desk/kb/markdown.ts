import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Knowledge-base markdown → HTML. Articles are written by agents but read by anonymous visitors of
// the public help center, so the HTML is never trusted: marked (GFM) renders it, then sanitize-html
// keeps only an allowlist. The result is stored with the article (contentHtml) and shown as is.

// One private instance: `marked.use()` elsewhere in the process can't change how articles render.
const parser = new Marked({ gfm: true, breaks: false, async: false });

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMAGE = /^https?:/i;

/** What a browser would see as the URL: entities are already decoded; drop whitespace/control chars. */
const normalizeUrl = (url: string | undefined) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  (url ?? "").replace(/[\u0000-\u0020\u007f-\u009f]/g, "");

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "b",
    "em",
    "i",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "input",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "img",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
    code: ["class"],
    // GFM task lists: a checkbox the reader can't tick.
    input: ["type", "checked", "disabled"],
  },
  allowedClasses: { code: ["language-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    // Only absolute http(s)/mailto links survive (no javascript:, data:, relative paths); every link
    // opens in a new tab without handing the opener or our ranking to the target.
    a: (tagName, attribs) => {
      const href = normalizeUrl(attribs.href);
      // A refused link becomes plain text (a span is not allowed, so only its text stays).
      if (!SAFE_LINK.test(href)) return { tagName: "span", attribs: {} };
      const { href: _href, rel: _rel, target: _target, ...rest } = attribs;
      return {
        tagName,
        attribs: {
          href: attribs.href?.trim() ?? href,
          ...rest,
          rel: "noopener noreferrer nofollow",
          target: "_blank",
        },
      };
    },
    img: (tagName, attribs) => {
      const src = normalizeUrl(attribs.src);
      const { src: _drop, ...rest } = attribs;
      return { tagName, attribs: SAFE_IMAGE.test(src) ? { src: attribs.src?.trim() ?? src, ...rest } : rest };
    },
    input: (tagName, attribs) => ({
      tagName,
      attribs: {
        type: "checkbox",
        disabled: "",
        ...(attribs.checked !== undefined ? { checked: "" } : {}),
      },
    }),
  },
  // An image whose src was refused, or an input that isn't a GFM checkbox, is dropped entirely.
  exclusiveFilter: (frame) =>
    (frame.tag === "img" && !frame.attribs.src) ||
    (frame.tag === "input" && frame.attribs.type !== "checkbox"),
};

/** Markdown (GFM) → sanitized HTML, safe to put in a public page with innerHTML. */
export function renderMarkdown(markdown: string): string {
  const html = parser.parse(markdown, { async: false });
  return sanitizeHtml(html, sanitizeOptions);
}

const textOnly: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** Visible text of rendered HTML: tags dropped, script/style bodies dropped, entities decoded. */
function htmlToText(html: string): string {
  return sanitizeHtml(html, textOnly).replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

/**
 * Plain text of the first paragraph, whitespace collapsed, cut at a word boundary to `max`
 * characters (with "…"). Null when the markdown has no paragraph.
 */
export function markdownExcerpt(markdown: string, max = 300): string | null {
  const first = parser.lexer(markdown).find((t) => t.type === "paragraph");
  if (!first) return null;
  const text = htmlToText(parser.parser([first]))
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return null;
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** Closing tags and line breaks after which rendered text needs a separator. */
const BLOCK_END = /<\/(?:p|h[1-6]|li|blockquote|pre|tr|th|td|table|ul|ol)>|<br\s*\/?>|<hr\s*\/?>/gi;

/**
 * The words a reader sees in an article: markdown rendered, markup dropped (no `**`, `#`, link
 * URLs or HTML tags), blocks separated by a space, whitespace collapsed. For search snippets.
 */
export function markdownToText(markdown: string): string {
  const html = parser.parse(markdown, { async: false }).replace(BLOCK_END, (tag) => `${tag} `);
  return htmlToText(html).replace(/\s+/g, " ").trim();
}
