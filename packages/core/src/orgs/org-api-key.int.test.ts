import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../testing/integration.ts";
import {
  findOrgIdByApiKey,
  hashApiKey,
  orgApiKeyStatus,
  revokeOrgApiKey,
  rotateOrgApiKey,
} from "./org-api-key.service.ts";

const { db, deps } = await useTestEnv();

describe("workspace API key", () => {
  it("rotate returns a qk_ key once, stores only its SHA-256, and the key resolves to the workspace", async () => {
    const { org, admin, member } = await makeStaffedOrg(db);
    expect(await orgApiKeyStatus(deps, actor(member), { orgId: org.id })).toEqual({ hasKey: false });

    const { key } = await rotateOrgApiKey(deps, actor(admin), { orgId: org.id });
    expect(key).toMatch(/^qk_[A-Za-z0-9_-]{43}$/);
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.apiKeyHash).toBe(hashApiKey(key));
    expect(row.apiKeyHash).not.toContain(key.slice(3));
    expect(await findOrgIdByApiKey(db, key)).toBe(org.id);
    expect(await orgApiKeyStatus(deps, actor(member), { orgId: org.id })).toEqual({ hasKey: true });
  });

  it("rotating again invalidates the old key", async () => {
    const { org, owner } = await makeStaffedOrg(db);
    const first = await rotateOrgApiKey(deps, actor(owner), { orgId: org.id });
    const second = await rotateOrgApiKey(deps, actor(owner), { orgId: org.id });
    expect(second.key).not.toBe(first.key);
    expect(await findOrgIdByApiKey(db, first.key)).toBeNull();
    expect(await findOrgIdByApiKey(db, second.key)).toBe(org.id);
  });

  it("revoke clears the key", async () => {
    const { org, admin, member } = await makeStaffedOrg(db);
    const { key } = await rotateOrgApiKey(deps, actor(admin), { orgId: org.id });
    expect(await revokeOrgApiKey(deps, actor(admin), { orgId: org.id })).toEqual({ hasKey: false });
    expect(await findOrgIdByApiKey(db, key)).toBeNull();
    expect(await orgApiKeyStatus(deps, actor(member), { orgId: org.id })).toEqual({ hasKey: false });
  });

  it("does not resolve keys of a deleted workspace, nor garbage", async () => {
    const { org, owner } = await makeStaffedOrg(db);
    const { key } = await rotateOrgApiKey(deps, actor(owner), { orgId: org.id });
    await db.organization.update({ where: { id: org.id }, data: { deletedAt: new Date() } });
    expect(await findOrgIdByApiKey(db, key)).toBeNull();
    expect(await findOrgIdByApiKey(db, "")).toBeNull();
    expect(await findOrgIdByApiKey(db, "not-a-key")).toBeNull();
    expect(await findOrgIdByApiKey(db, `qk_${"x".repeat(43)}`)).toBeNull();
  });

  it("only ADMIN+ may rotate or revoke; non-members get NOT_FOUND", async () => {
    const { org, agent, member } = await makeStaffedOrg(db);
    const stranger = await makeUser(db);
    for (const who of [agent, member]) {
      expect((await appError(rotateOrgApiKey(deps, actor(who), { orgId: org.id }))).code).toBe("FORBIDDEN");
      expect((await appError(revokeOrgApiKey(deps, actor(who), { orgId: org.id }))).code).toBe("FORBIDDEN");
    }
    expect((await appError(rotateOrgApiKey(deps, actor(stranger), { orgId: org.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await appError(orgApiKeyStatus(deps, actor(stranger), { orgId: org.id }))).code).toBe(
      "NOT_FOUND",
    );
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row.apiKeyHash).toBeNull();
  });
});
