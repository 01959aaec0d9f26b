import type { Tx } from "@quartet/db/client";
import type { Platform } from "@quartet/db/enums";
import type { Deps, UserActor } from "../../deps.ts";
import { mailUser } from "../../email/email.queue.ts";
import { resolveEmailLocale } from "../../email/email.templates.ts";
import { createNotification } from "../../notifications/notification.service.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./connection.repository.ts";
import type { ConnectionHealth, OrgInput } from "./connection.schema.ts";

// Connection health: a token the platform refused (expired or revoked) turns the connection
// EXPIRED with the provider's reason; the inbox shows a banner (connectionHealth) and the
// workspace's owners get one mail and one notification per outage, until someone reconnects.

export type HealthMailDeps = Pick<Deps, "boss" | "clock" | "config">;

const PLATFORM_NAMES: Record<Platform, string> = {
  WHATSAPP: "WhatsApp",
  FACEBOOK: "Messenger",
  INSTAGRAM: "Instagram",
  TIKTOK: "TikTok",
  WEBCHAT: "Website chat",
  SANDBOX: "Sandbox",
};

/**
 * Marks the connection EXPIRED with the reason (ChannelError.tokenExpired from a send, a refresh or
 * any call). Call it in the failing job's transaction. With `mail`, the owners are mailed in that
 * same transaction; without, the next `inbox.token-refresh` run mails them. Either way once per
 * outage. Returns false when the connection is disconnected (nothing to report).
 */
export async function markConnectionExpired(
  tx: Tx,
  connectionId: string,
  reason: string,
  mail?: HealthMailDeps,
): Promise<boolean> {
  const now = mail?.clock.now() ?? new Date();
  const changed = await repo.markExpired(tx, connectionId, reason, now);
  if (changed && mail) await notifyOutages(tx, mail, connectionId);
  return changed;
}

/**
 * Mails the owners of every connection in trouble not reported yet (or only `connectionId`), and
 * leaves each an in-app notification. Returns how many outages were reported.
 */
export async function notifyOutages(
  tx: Tx,
  deps: HealthMailDeps,
  connectionId: string | null = null,
): Promise<number> {
  const now = deps.clock.now();
  const notices = await repo.claimOutageNotices(tx, now, connectionId);
  for (const notice of notices) {
    const org = await tx.organization.findFirst({
      where: { id: notice.organizationId, deletedAt: null },
      select: {
        name: true,
        slug: true,
        memberships: {
          where: { disabled: false, role: "OWNER", user: { deletedAt: null } },
          select: { user: { select: { id: true, email: true, name: true, locale: true } } },
        },
      },
    });
    if (!org) continue;
    const link = `${deps.config.webUrl}/w/${org.slug}/inbox/settings/channels`;
    for (const { user } of org.memberships) {
      const copy = outageCopy(resolveEmailLocale(user.locale), {
        platform: PLATFORM_NAMES[notice.platform],
        name: notice.name,
        workspace: org.name,
        reason: notice.errorMessage,
      });
      await mailUser(tx, deps.boss, user, "NOTIFICATION", { ...copy, link });
      await createNotification(tx, {
        userId: user.id,
        organizationId: notice.organizationId,
        type: "inbox.connection_expired",
        title: copy.title,
        message: copy.message,
        link: `/w/${org.slug}/inbox/settings/channels`,
      });
    }
  }
  return notices.length;
}

interface OutageFacts {
  platform: string;
  name: string;
  workspace: string;
  reason: string | null;
}

/** The mail's title and text in the owner's language (the NOTIFICATION template frames them). */
export function outageCopy(locale: "en" | "fr" | "ar", f: OutageFacts): { title: string; message: string } {
  const reason = f.reason?.trim();
  switch (locale) {
    case "fr":
      return {
        title: `Reconnectez le canal ${f.platform} « ${f.name} »`,
        message: `Quartet n'a plus accès au canal ${f.platform} « ${f.name} » de ${f.workspace}${reason ? ` : ${reason}` : "."} Les nouveaux messages de ce canal n'arrivent plus dans la boîte de réception et les réponses ne partent plus tant qu'il n'est pas reconnecté dans Paramètres → Canaux.`,
      };
    case "ar":
      return {
        title: `أعد ربط قناة ${f.platform} «${f.name}»`,
        message: `لم يعد بإمكان Quartet استخدام قناة ${f.platform} «${f.name}» في ${f.workspace}${reason ? `: ${reason}` : "."} لن تصل الرسائل الجديدة من هذه القناة إلى صندوق الوارد ولن تُرسل الردود حتى يعيد أحدكم ربطها من الإعدادات ← القنوات.`,
      };
    default:
      return {
        title: `Reconnect the ${f.platform} channel “${f.name}”`,
        message: `Quartet can no longer use the ${f.platform} channel “${f.name}” of ${f.workspace}${reason ? `: ${reason}` : "."} New messages on this channel won't reach your inbox and replies can't be sent until someone reconnects it in Settings → Channels.`,
      };
  }
}

/** The inbox banner: connections someone must reconnect. Agents see it; owners and admins act. */
export async function connectionHealth(
  deps: Deps,
  actor: UserActor,
  input: OrgInput,
): Promise<ConnectionHealth> {
  const membership = await requireMembership(deps.db, input.orgId, actor, "AGENT");
  const rows = await repo.listProblemRows(deps.db, input.orgId);
  return {
    problems: rows.map((r) => ({
      connectionId: r.id,
      platform: r.platform,
      name: r.platformDisplayName ?? r.platformUsername ?? r.platformUserId,
      status: r.status as "EXPIRED" | "ERROR",
      errorMessage: r.errorMessage,
      since: r.healthNotifiedAt ?? r.updatedAt,
    })),
    canManage: atLeast(membership.role, "ADMIN"),
  };
}
