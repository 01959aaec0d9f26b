import type { Deps, UserActor } from "../../deps.ts";
import { atLeast, requireMembership } from "../../orgs/org-access.service.ts";
import { workspaceInboundAddress } from "../mail/ticket-mail.service.ts";
import * as repo from "./desk-setup.repository.ts";
import { type DeskSetupDto, type DeskSetupInput, deskSetupInput } from "./desk-setup.schema.ts";

/**
 * The Desk part of "Getting started", computed from the workspace's data so it can't drift from
 * what was really done:
 * - helpCenter: the help center is on and has a published article (something customers can read);
 * - inboundEmail: a ticket arrived by email (someone used the address);
 * - slaPolicy: an SLA policy exists;
 * - inviteAgent: a second active agent, admin or owner, or a pending agent/admin invitation.
 * Any member may read it; the addresses are the ones customers use anyway.
 */
export async function getDeskSetup(
  deps: Deps,
  actor: UserActor,
  rawInput: DeskSetupInput,
): Promise<DeskSetupDto> {
  const { orgId } = deskSetupInput.parse(rawInput);
  const membership = await requireMembership(deps.db, orgId, actor.userId, "MEMBER");
  const facts = await repo.findSetupFacts(deps.db, orgId);
  const helpCenterUrl = facts.helpCenterEnabled
    ? `${deps.config.webUrl.replace(/\/$/, "")}/help/${facts.slug}`
    : null;
  return {
    steps: [
      { key: "helpCenter", done: facts.helpCenterEnabled && facts.hasPublishedArticle },
      { key: "inboundEmail", done: facts.hasEmailTicket },
      { key: "slaPolicy", done: facts.hasSlaPolicy },
      { key: "inviteAgent", done: facts.hasSecondAgent },
    ],
    helpCenterUrl,
    contactFormUrl: helpCenterUrl ? `${helpCenterUrl}/contact` : null,
    inboundAddress: workspaceInboundAddress(deps.config, facts.slug),
    canManage: atLeast(membership.role, "ADMIN"),
  };
}
