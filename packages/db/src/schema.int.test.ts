import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrg, makeUser } from "./testing/factories.ts";
import { createTestDatabase, type TestDatabase } from "./testing/test-db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("migrated schema", () => {
  it("has every identity, workspace and platform table, applied through prisma migrate deploy", async () => {
    const rows = await t.db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`;
    const tables = rows.map((r) => r.table_name);
    for (const name of [
      "users",
      "oauth_accounts",
      "sessions",
      "auth_events",
      "email_tokens",
      "deleted_emails",
      "rate_limit_counters",
      "organizations",
      "memberships",
      "invitations",
      "notifications",
      "email_logs",
      "captured_mails",
      "admin_audit_logs",
      "user_admin_notes",
      "app_configs",
      "app_config_audits",
      "feature_flags",
      "_prisma_migrations",
    ]) {
      expect(tables).toContain(name);
    }
  });

  it("keeps emails unique case-insensitively by refusing upper-case storage", async () => {
    await makeUser(t.db, { email: "casey@example.test" });
    await expect(t.db.user.create({ data: { email: "Casey@Example.test" } })).rejects.toThrow(
      /users_email_lowercase/,
    );
    await expect(t.db.user.create({ data: { email: "casey@example.test" } })).rejects.toThrow(
      /Unique constraint/i,
    );
  });

  it("gives each test file its own database cloned from the template", async () => {
    const other = await createTestDatabase();
    try {
      await makeUser(t.db, { email: "only-here@example.test" });
      expect(await other.db.user.count({ where: { email: "only-here@example.test" } })).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it("factories create a workspace whose owner holds the OWNER membership", async () => {
    const owner = await makeUser(t.db);
    const org = await makeOrg(t.db, owner);
    const membership = await t.db.membership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: owner.id } },
    });
    expect(membership.role).toBe("OWNER");
    expect(org.ownerId).toBe(owner.id);
  });
});
