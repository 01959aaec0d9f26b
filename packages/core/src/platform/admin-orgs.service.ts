import type { Deps } from "../deps.ts";
import { notFound } from "../errors.ts";
import type { AdminActor } from "./admin-audit.schema.ts";
import { findOrgDetail, findOrgs } from "./admin-orgs.repository.ts";
import { type OrgListInput, orgIdInput, orgListInput } from "./admin-orgs.schema.ts";
import { toPage } from "./pagination.schema.ts";

export async function listOrgs(deps: Pick<Deps, "db">, _actor: AdminActor, raw: OrgListInput) {
  const input = orgListInput.parse(raw);
  const rows = await findOrgs(deps.db, input, input.cursor, input.limit);
  const page = toPage(rows, input.limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(({ _count, ...org }) => ({ ...org, memberCount: _count.memberships })),
  };
}

export async function getOrg(deps: Pick<Deps, "db" | "clock">, _actor: AdminActor, raw: { orgId: string }) {
  const { orgId } = orgIdInput.parse(raw);
  const org = await findOrgDetail(deps.db, orgId);
  if (!org) throw notFound("Workspace not found.");
  const now = deps.clock.now();
  const { _count, memberships, invitations, ...rest } = org;
  return {
    ...rest,
    memberCount: _count.memberships,
    members: memberships.map((m) => ({
      membershipId: m.id,
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
      userStatus: m.user.status,
      role: m.role,
      disabled: m.disabled,
      joinedAt: m.joinedAt,
    })),
    // PENDING rows past their expiry are shown as expired even before the cleanup job marks them.
    invitations: invitations.map((i) => ({
      ...i,
      status: i.expiresAt <= now ? ("EXPIRED" as const) : i.status,
    })),
  };
}
