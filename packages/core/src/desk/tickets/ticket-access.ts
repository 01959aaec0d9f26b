import { createHmac, timingSafeEqual } from "node:crypto";
import type { AppConfig } from "../../deps.ts";

// A customer follows their ticket without an account through a link carrying an HMAC of the
// ticket id (keyed by the server's secret): nothing to store, nothing to guess, and the same link
// works from every mail about the ticket.

const PURPOSE = "quartet:desk-ticket-access:v1:";

/** The secret part of a customer's ticket link (43 characters, base64url). */
export function ticketAccessToken(config: Pick<AppConfig, "encryptionKey">, ticketId: string): string {
  return createHmac("sha256", config.encryptionKey)
    .update(PURPOSE + ticketId)
    .digest("base64url");
}

/** Constant-time check of a token from a customer link. */
export function verifyTicketAccessToken(
  config: Pick<AppConfig, "encryptionKey">,
  ticketId: string,
  token: string,
): boolean {
  const expected = Buffer.from(ticketAccessToken(config, ticketId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where the customer reads and answers their ticket: `/help/<slug>/tickets/<id>?token=…`. */
export function customerTicketUrl(
  config: Pick<AppConfig, "encryptionKey" | "webUrl">,
  orgSlug: string,
  ticketId: string,
): string {
  const token = ticketAccessToken(config, ticketId);
  return `${config.webUrl}/help/${encodeURIComponent(orgSlug)}/tickets/${ticketId}?token=${token}`;
}

/** The CSAT survey page of a resolved ticket: `/help/<slug>/tickets/<id>/feedback?token=…`. */
export function csatSurveyUrl(
  config: Pick<AppConfig, "encryptionKey" | "webUrl">,
  orgSlug: string,
  ticketId: string,
): string {
  const token = ticketAccessToken(config, ticketId);
  return `${config.webUrl}/help/${encodeURIComponent(orgSlug)}/tickets/${ticketId}/feedback?token=${token}`;
}
