import type { Deps } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { AdminActor } from "./admin-audit.schema.ts";
import { findCapturedMail, findCapturedMails } from "./admin-outbox.repository.ts";
import { type OutboxListInput, outboxIdInput, outboxListInput } from "./admin-outbox.schema.ts";
import { toPage } from "./pagination.schema.ts";

/** Mail the offline transport captured instead of sending, newest first. */
export async function listCapturedMail(deps: Pick<Deps, "db">, _actor: AdminActor, raw: OutboxListInput) {
  const input = outboxListInput.parse(raw);
  const rows = await findCapturedMails(deps.db, input, input.cursor, input.limit);
  return toPage(rows, input.limit);
}

export async function getCapturedMail(deps: Pick<Deps, "db">, _actor: AdminActor, raw: { id: string }) {
  const { id } = outboxIdInput.parse(raw);
  const mail = await findCapturedMail(deps.db, id);
  if (!mail) throw notFound("Message not found.");
  return { ...mail, headers: headersOf(mail.headers) };
}

/** Headers as name → value strings, whatever shape the transport stored. */
function headersOf(json: unknown): Record<string, string> {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    out[k] = typeof v === "string" ? v : Array.isArray(v) ? v.map(String).join(", ") : JSON.stringify(v);
  }
  return out;
}
