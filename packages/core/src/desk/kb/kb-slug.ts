// URL slugs for knowledge-base categories and articles: readable, unique per workspace.

/**
 * Lower-case words joined by "-": accents dropped, any run of non letters/digits becomes one "-".
 * Letters of every script are kept (an Arabic title gives an Arabic slug, not an empty one).
 */
export function slugify(text: string, maxLength = 80): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
}

/** `base` when free, else the first free `base-2`, `base-3`, … among the `taken` slugs. */
export function firstFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
