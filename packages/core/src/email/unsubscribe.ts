import { createHmac, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import type { AppConfig, Clock } from "../deps.ts";

// One-click unsubscribe (RFC 8058). The link carries a token that names the person (and the
// campaign, for the record) and is signed with a key derived from the install's encryption key:
// no session, no expiry (a mail may be read months later), nothing to store.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function key(encryptionKey: string): Buffer {
  return createHmac("sha256", encryptionKey).update("quartet.unsubscribe.v1").digest();
}

function mac(encryptionKey: string, payload: string): string {
  return createHmac("sha256", key(encryptionKey)).update(payload).digest("base64url");
}

export interface UnsubscribeClaim {
  userId: string;
  campaignId: string | null;
}

/** `<userId>.<campaignId or ->.<mac>`: URL-safe as it is. */
export function signUnsubscribeToken(encryptionKey: string, claim: UnsubscribeClaim): string {
  const payload = `${claim.userId}.${claim.campaignId ?? "-"}`;
  return `${payload}.${mac(encryptionKey, payload)}`;
}

/** The claim of a well-signed token; null for anything else. */
export function verifyUnsubscribeToken(encryptionKey: string, token: string): UnsubscribeClaim | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [userId, campaign, given] = parts as [string, string, string];
  if (!UUID.test(userId) || (campaign !== "-" && !UUID.test(campaign))) return null;
  const expected = Buffer.from(mac(encryptionKey, `${userId}.${campaign}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { userId: userId.toLowerCase(), campaignId: campaign === "-" ? null : campaign.toLowerCase() };
}

/** The https page and the mailto address a campaign mail's List-Unsubscribe header names. */
export function unsubscribeLinks(
  config: Pick<AppConfig, "webUrl" | "encryptionKey" | "inboundEmailDomain">,
  claim: UnsubscribeClaim,
) {
  const token = signUnsubscribeToken(config.encryptionKey, claim);
  const url = `${config.webUrl.replace(/\/+$/, "")}/unsubscribe?token=${encodeURIComponent(token)}`;
  const mailto = `mailto:unsubscribe@${config.inboundEmailDomain}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
  return {
    url,
    mailto,
    headers: {
      "List-Unsubscribe": `<${url}>, <${mailto}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

export type UnsubscribeOutcome =
  | { ok: true; alreadyUnsubscribed: boolean; locale: string }
  | { ok: false; reason: "INVALID_TOKEN" | "UNKNOWN_USER" };

/**
 * Withdraws the person's marketing consent. Idempotent: a second click (or a mail client's
 * one-click POST after the person clicked the link) changes nothing and still succeeds.
 */
export async function unsubscribeByToken(
  deps: { db: DbOrTx; clock: Clock; config: Pick<AppConfig, "encryptionKey"> },
  token: string,
): Promise<UnsubscribeOutcome> {
  const claim = verifyUnsubscribeToken(deps.config.encryptionKey, token);
  if (!claim) return { ok: false, reason: "INVALID_TOKEN" };
  const user = await deps.db.user.findUnique({
    where: { id: claim.userId },
    select: { marketingConsent: true, locale: true },
  });
  if (!user) return { ok: false, reason: "UNKNOWN_USER" };
  if (!user.marketingConsent) return { ok: true, alreadyUnsubscribed: true, locale: user.locale };
  const changed = await deps.db.user.updateMany({
    where: { id: claim.userId, marketingConsent: true },
    data: { marketingConsent: false, marketingConsentAt: deps.clock.now() },
  });
  return { ok: true, alreadyUnsubscribed: changed.count === 0, locale: user.locale };
}

/** The person behind a token, for the confirmation page (null when the token is bad). */
export async function describeUnsubscribeToken(
  deps: { db: DbOrTx; config: Pick<AppConfig, "encryptionKey"> },
  token: string,
) {
  const claim = verifyUnsubscribeToken(deps.config.encryptionKey, token);
  if (!claim) return null;
  return deps.db.user.findUnique({
    where: { id: claim.userId },
    select: { email: true, locale: true, marketingConsent: true },
  });
}
