// No Node imports: the SPAs share these rules through org.schema.ts.

export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
/** Lowercase letters, digits and single hyphens between them. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Words that collide with the app's own routes or could impersonate the product.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "about",
  "account",
  "accounts",
  "admin",
  "administrator",
  "api",
  "app",
  "apps",
  "assets",
  "auth",
  "billing",
  "blog",
  "console",
  "contact",
  "create",
  "dashboard",
  "default",
  "delete",
  "desk",
  "docs",
  "edit",
  "email",
  "files",
  "forgot-password",
  "healthz",
  "help",
  "hooks",
  "inbox",
  "invite",
  "invitations",
  "login",
  "logout",
  "mail",
  "me",
  "members",
  "new",
  "notifications",
  "null",
  "org",
  "orgs",
  "organization",
  "organizations",
  "owner",
  "pricing",
  "privacy",
  "profile",
  "publish",
  "quartet",
  "register",
  "reset-password",
  "root",
  "security",
  "sessions",
  "settings",
  "sign-in",
  "sign-out",
  "sign-up",
  "signin",
  "signout",
  "signup",
  "static",
  "status",
  "superadmin",
  "support",
  "system",
  "terms",
  "tools",
  "trpc",
  "undefined",
  "user",
  "users",
  "verify-email",
  "workspace",
  "workspaces",
  "www",
]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}

/** Human text → slug candidate (may be shorter than SLUG_MIN; callers pad it). */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

/** A short lowercase random suffix used when a slug is taken or reserved. */
export function slugSuffix(length = 5): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/**
 * The slug to try first for a workspace name (or an email local part): a valid, non-reserved slug
 * when possible; `fallback` is used when the text has no usable characters (e.g. only emoji).
 */
export function baseSlug(text: string, fallback = "workspace"): string {
  let slug = slugify(text);
  if (slug.length === 0) slug = fallback;
  if (slug.length < SLUG_MIN) slug = `${slug}-${fallback}`;
  return slug;
}

/** Candidate slugs in order: the base (unless reserved), then the base with random suffixes. */
export function* slugCandidates(base: string, attempts = 8): Generator<string> {
  if (!isReservedSlug(base)) yield base;
  for (let i = 0; i < attempts; i++) yield `${base}-${slugSuffix(i < 4 ? 4 : 8)}`;
}
