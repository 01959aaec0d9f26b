import { z } from "zod";
import { cursorSchema, limitSchema } from "./pagination.schema.ts";

/** The platform administrator acting in the console, as the admin tRPC tier resolves them. */
export interface AdminActor {
  userId: string;
  email: string;
  ip: string;
  userAgent?: string;
  /** The admin's own console session, kept when they end their own sessions. */
  sessionId?: string;
}

/** What changed, as stored in AdminAuditLog.changes. */
export interface AuditChanges {
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

export const auditListInput = z.object({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(100).optional(),
  adminUserId: z.uuid().optional(),
  cursor: cursorSchema,
  limit: limitSchema,
});
export type AuditListInput = z.input<typeof auditListInput>;

/** Actions the console writes today; the audit filter offers these. */
export const auditActions = [
  "user.lock",
  "user.unlock",
  "user.disable",
  "user.enable",
  "user.sessions.revoke",
  "user.note.add",
  "billing.comp.grant",
  "billing.comp.end",
  "billing.day_pass.grant",
  "security.reencrypt_secrets",
  "inbox_webhook.retry",
  "inbox_webhook.retry_all",
] as const;

/** The acting administrator from the admin API tier's context (admin, session and request meta). */
export function adminActorOf(ctx: {
  admin: { userId: string; email: string; ip: string };
  session: { id: string };
  req: { userAgent: string };
}): AdminActor {
  return { ...ctx.admin, userAgent: ctx.req.userAgent, sessionId: ctx.session.id };
}
