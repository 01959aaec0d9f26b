import type { DbOrTx } from "@quartet/db/client";
import {
  DESK_SETTINGS_DEFAULTS,
  type DeskLanguage,
  type DeskSettingsValues,
} from "./desk-settings.schema.ts";

const settingsSelect = {
  autoCloseDays: true,
  csatEnabled: true,
  helpCenterEnabled: true,
  helpCenterTitle: true,
  emailSenderName: true,
} as const;

/**
 * A workspace's desk settings, with the defaults when none were saved. No access check: for
 * services and jobs that already know the workspace (mail, help center, auto-close).
 */
export async function getDeskSettings(db: DbOrTx, orgId: string): Promise<DeskSettingsValues> {
  const row = await db.deskSettings.findUnique({ where: { organizationId: orgId }, select: settingsSelect });
  return row ?? { ...DESK_SETTINGS_DEFAULTS };
}

export function upsertDeskSettings(
  db: DbOrTx,
  orgId: string,
  patch: Partial<DeskSettingsValues> & { language?: DeskLanguage },
) {
  return db.deskSettings.upsert({
    where: { organizationId: orgId },
    create: { organizationId: orgId, ...DESK_SETTINGS_DEFAULTS, ...patch },
    update: patch,
    select: settingsSelect,
  });
}

/** The workspace's slug (its help-center path and inbound mail address). */
export async function findOrgSlug(db: DbOrTx, orgId: string): Promise<string> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } });
  return org.slug;
}
