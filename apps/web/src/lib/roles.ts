import type { MemberRole } from "@quartet/db/enums";

export const ROLES: readonly MemberRole[] = ["OWNER", "ADMIN", "AGENT", "MEMBER"];

const rank: Record<MemberRole, number> = { MEMBER: 0, AGENT: 1, ADMIN: 2, OWNER: 3 };

export function atLeast(role: MemberRole | undefined, min: MemberRole): boolean {
  return role !== undefined && rank[role] >= rank[min];
}

/** Roles someone with `myRole` may hand out (owners may make owners). */
export function assignableRoles(myRole: MemberRole | undefined): MemberRole[] {
  return myRole === "OWNER" ? ["OWNER", "ADMIN", "AGENT", "MEMBER"] : ["ADMIN", "AGENT", "MEMBER"];
}
