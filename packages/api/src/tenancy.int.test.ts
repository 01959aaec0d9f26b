import { useTestEnv } from "@quartet/core/testing/integration";
import type { MemberRole } from "@quartet/db/enums";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appCallerFor } from "./api.test-helpers.ts";
import { appRouter } from "./app-router.ts";
import { type ProcedureMeta, roleRank } from "./trpc.ts";

// Walks EVERY procedure of the app router: any procedure whose input takes an orgId must be an
// orgProcedure (it carries meta.minRole), and each one must answer NOT_FOUND to outsiders and
// FORBIDDEN to members below its minimum role. Procedures added later are covered automatically.

interface WalkedProcedure {
  path: string;
  minRole: MemberRole | undefined;
  takesOrgId: boolean;
}

interface ProcedureDef {
  _def: { inputs: unknown[]; meta?: ProcedureMeta };
}

/** Does this input parser require an `orgId`? Asks the parser itself (Standard Schema) with `{}`. */
function requiresOrgId(parser: unknown): boolean {
  const standard = (parser as { "~standard"?: { validate: (v: unknown) => unknown } })["~standard"];
  if (!standard) return false;
  const result = standard.validate({}) as {
    issues?: { path?: readonly (PropertyKey | { key: PropertyKey })[] }[];
  };
  if (result instanceof Promise) throw new Error("async input parsers are not supported by the walk");
  return (result.issues ?? []).some((issue) => {
    const first = issue.path?.[0];
    return (typeof first === "object" ? first.key : first) === "orgId";
  });
}

function walkRouter(): WalkedProcedure[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(procedures).map(([path, proc]) => ({
    path,
    minRole: proc._def.meta?.minRole,
    takesOrgId: proc._def.inputs.some(requiresOrgId),
  }));
}

const roleBelow = (role: MemberRole): MemberRole | null => {
  const rank = roleRank[role] - 1;
  return (Object.entries(roleRank).find(([, r]) => r === rank)?.[0] as MemberRole | undefined) ?? null;
};

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

async function call(
  caller: Awaited<ReturnType<typeof callerFor>>,
  path: string,
  input: unknown,
): Promise<unknown> {
  let fn: unknown = caller;
  for (const key of path.split(".")) fn = (fn as Record<string, unknown>)[key];
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

const walked = walkRouter();
const orgScoped = walked.filter((p) => p.minRole !== undefined);

describe("tenancy walk over appRouter", () => {
  it("finds the org-scoped procedures, and every procedure taking an orgId is an orgProcedure", () => {
    const paths = orgScoped.map((p) => p.path);
    for (const known of [
      "orgs.get",
      "orgs.update",
      "orgs.delete",
      "members.list",
      "members.invite",
      "members.remove",
    ]) {
      expect(paths).toContain(known);
    }
    const unguarded = walked.filter((p) => p.takesOrgId && p.minRole === undefined).map((p) => p.path);
    expect(unguarded, "procedures that take orgId without orgProcedure").toEqual([]);
    // And the detection itself works: every orgProcedure's input requires orgId.
    expect(orgScoped.every((p) => p.takesOrgId)).toBe(true);
  });

  it.each(orgScoped.map((p) => [p.path, p] as const))(
    "%s: anonymous → UNAUTHORIZED, non-member → NOT_FOUND",
    async (_, proc) => {
      const owner = await makeUser(db);
      const other = await makeUser(db);
      const org = await makeOrg(db, owner, { members: [{ userId: other.id, role: "MEMBER" }] });
      const outsider = await makeUser(db);
      await makeOrg(db, outsider); // a member elsewhere, not here

      expect(await errorCode(call(await callerFor(), proc.path, { orgId: org.id }))).toBe("UNAUTHORIZED");
      expect(await errorCode(call(await callerFor(outsider), proc.path, { orgId: org.id }))).toBe(
        "NOT_FOUND",
      );
    },
  );

  it.each(orgScoped.map((p) => [p.path, p] as const))(
    "%s: disabled member or deleted workspace → NOT_FOUND",
    async (_, proc) => {
      const owner = await makeUser(db);
      const disabled = await makeUser(db);
      const org = await makeOrg(db, owner, { members: [{ userId: disabled.id, role: "OWNER" }] });
      await db.membership.update({
        where: { organizationId_userId: { organizationId: org.id, userId: disabled.id } },
        data: { disabled: true },
      });
      expect(await errorCode(call(await callerFor(disabled), proc.path, { orgId: org.id }))).toBe(
        "NOT_FOUND",
      );

      const gone = await makeOrg(db, owner);
      await db.organization.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
      expect(await errorCode(call(await callerFor(owner), proc.path, { orgId: gone.id }))).toBe("NOT_FOUND");
    },
  );

  const gated = orgScoped.filter((p) => p.minRole && roleBelow(p.minRole));
  it.each(gated.map((p) => [p.path, p] as const))(
    "%s: a role below the minimum → FORBIDDEN",
    async (_, proc) => {
      const below = roleBelow(proc.minRole as MemberRole) as MemberRole;
      const owner = await makeUser(db);
      const weak = await makeUser(db);
      const org = await makeOrg(
        db,
        owner,
        below === "OWNER" ? {} : { members: [{ userId: weak.id, role: below }] },
      );
      expect(await errorCode(call(await callerFor(weak), proc.path, { orgId: org.id }))).toBe("FORBIDDEN");
      // The workspace row and memberships are untouched.
      expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).deletedAt).toBeNull();
      expect(await db.membership.count({ where: { organizationId: org.id } })).toBe(2);
    },
  );
});
