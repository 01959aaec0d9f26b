import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

// A website visitor's identity, kept by the widget in localStorage: who they are (a random visitor
// id, and the name / email they gave) signed with the widget connection's own secret, so a visitor
// can only ever read and write their own thread, and only on the widget that issued the token.
// Format: base64url(JSON claims) "." base64url(HMAC-SHA256(secret, "<connectionId>.<claims>")).

export const VISITOR_TOKEN_TTL_MS = 365 * 86_400_000;

const claimsSchema = z.object({
  v: z.literal(1),
  /** The visitor id: the conversation's external id and the contact identity on WEBCHAT. */
  vid: z.string().regex(/^v_[A-Za-z0-9_-]{16,40}$/),
  iat: z.number().int(),
  name: z.string().max(120).nullable(),
  email: z.string().max(254).nullable(),
});
export type VisitorClaims = z.infer<typeof claimsSchema>;

export const newVisitorId = () => `v_${randomBytes(16).toString("base64url")}`;

function mac(secret: string, connectionId: string, payload: string): string {
  return createHmac("sha256", secret).update(`${connectionId}.${payload}`).digest("base64url");
}

export function signVisitorToken(secret: string, connectionId: string, claims: VisitorClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(secret, connectionId, payload)}`;
}

/** The claims, or null for a token of another widget, tampered with, malformed or too old. */
export function verifyVisitorToken(
  secret: string,
  connectionId: string,
  token: string | null | undefined,
  now: Date,
): VisitorClaims | null {
  if (!token || token.length > 2000) return null;
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length) return null;
  const expected = Buffer.from(mac(secret, connectionId, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = claimsSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    if (claims.iat + VISITOR_TOKEN_TTL_MS < now.getTime()) return null;
    return claims;
  } catch {
    return null;
  }
}
