import type { DbOrTx } from "@quartet/db/client";
import { deskSearchReindexJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps, UserActor } from "../../deps.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import { workspaceInboundAddress } from "../mail/ticket-mail.service.ts";
import { findWorkspaceLanguage } from "../tickets/ticket-search.repository.ts";
import * as repo from "./desk-settings.repository.ts";
import {
  type DeskSettingsDto,
  type DeskSettingsInput,
  deskSettingsInput,
  type UpdateDeskSettingsInput,
  updateDeskSettingsInput,
} from "./desk-settings.schema.ts";

async function inboundAddressOf(db: DbOrTx, config: Deps["config"], orgId: string): Promise<string> {
  return workspaceInboundAddress(config, await repo.findOrgSlug(db, orgId));
}

/** The workspace's desk settings (defaults until someone saves them); any member may read them. */
export async function getDeskSettingsFor(
  deps: Deps,
  actor: UserActor,
  rawInput: DeskSettingsInput,
): Promise<DeskSettingsDto> {
  const { orgId } = deskSettingsInput.parse(rawInput);
  const membership = await requireMembership(deps.db, orgId, actor.userId, "MEMBER");
  const values = await repo.getDeskSettings(deps.db, orgId);
  return {
    ...values,
    canEdit: atLeast(membership.role, "ADMIN"),
    inboundAddress: await inboundAddressOf(deps.db, deps.config, orgId),
    language: await findWorkspaceLanguage(deps.db, orgId),
  };
}

/**
 * Admins and owners change auto-close, CSAT, help center, sender name and content language; absent
 * fields stay. A new language rebuilds the ticket search (desk.search-reindex, queued with the change).
 */
export async function updateDeskSettings(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateDeskSettingsInput,
): Promise<DeskSettingsDto> {
  const { orgId, ...input } = updateDeskSettingsInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, orgId, actor.userId, "ADMIN");
    const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const languageBefore = await findWorkspaceLanguage(tx, orgId);
    const values = await repo.upsertDeskSettings(tx, orgId, patch);
    const language = await findWorkspaceLanguage(tx, orgId);
    if (language !== languageBefore) await enqueue(deps.boss, tx, deskSearchReindexJob, { orgId });
    return {
      ...values,
      canEdit: true,
      inboundAddress: await inboundAddressOf(tx, deps.config, orgId),
      language,
    };
  });
}
