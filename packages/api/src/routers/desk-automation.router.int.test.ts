import { useTestEnv } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import type { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appCallerFor, trpcError } from "../api.test-helpers.ts";

// The deskAutomation router end to end: real sessions, real Postgres.

const { db, deps } = await useTestEnv();
const callerFor = (user?: { id: string }) => appCallerFor(deps, user);

/** The field errors the error formatter sends (from zod issues or the AppError), by field path. */
function fieldErrors(err: TRPCError): Record<string, string> {
  const cause = err.cause as {
    issues?: { path: PropertyKey[]; message: string }[];
    fieldErrors?: Record<string, string>;
  };
  if (cause?.issues) return Object.fromEntries(cause.issues.map((i) => [i.path.join("."), i.message]));
  return cause?.fieldErrors ?? {};
}

const rule = (orgId: string, name = "Tag refunds") => ({
  orgId,
  name,
  trigger: "ticket.created" as const,
  conditions: {
    match: "any" as const,
    rules: [{ field: "subject", operator: "contains" as const, value: "refund" }],
  },
  actions: [
    { type: "add_tag" as const, tag: "billing" },
    { type: "webhook" as const, url: "https://hooks.example.test/desk", secret: "0123456789abcdef-secret" },
  ],
});

describe("deskAutomation router", () => {
  it("an admin creates, edits, disables, reorders and deletes rules; agents read them without secrets", async () => {
    const { org, admin, agent } = await makeStaffedOrg(db);
    const asAdmin = await callerFor(admin);
    const asAgent = await callerFor(agent);

    const first = await asAdmin.deskAutomation.create(rule(org.id));
    expect(first).toMatchObject({ name: "Tag refunds", priority: 0, enabled: true, triggerCount: 0 });
    const second = await asAdmin.deskAutomation.create({
      ...rule(org.id, "Nudge"),
      trigger: "ticket.pending_for",
      pendingHours: 48,
    });
    expect(second).toMatchObject({ priority: 1, pendingHours: 48 });

    const updated = await asAdmin.deskAutomation.update({
      ...rule(org.id, "Tag refund requests"),
      ruleId: first.id,
      stopProcessing: true,
    });
    expect(updated).toMatchObject({ name: "Tag refund requests", stopProcessing: true, priority: 0 });

    await asAdmin.deskAutomation.setEnabled({ orgId: org.id, ruleId: second.id, enabled: false });
    const reordered = await asAdmin.deskAutomation.reorder({ orgId: org.id, ruleIds: [second.id, first.id] });
    expect(reordered.map((r) => [r.name, r.enabled])).toEqual([
      ["Nudge", false],
      ["Tag refund requests", true],
    ]);

    const asSeenByAgent = await asAgent.deskAutomation.get({ orgId: org.id, ruleId: first.id });
    expect(asSeenByAgent.actions[1]).toMatchObject({ type: "webhook", secret: "" });
    const asSeenByAdmin = await asAdmin.deskAutomation.get({ orgId: org.id, ruleId: first.id });
    expect(asSeenByAdmin.actions[1]).toMatchObject({ secret: "0123456789abcdef-secret" });
    expect(await asAgent.deskAutomation.executions({ orgId: org.id, ruleId: first.id })).toEqual({
      items: [],
      nextCursor: null,
    });

    expect((await trpcError(asAgent.deskAutomation.create(rule(org.id)))).code).toBe("FORBIDDEN");
    expect((await trpcError(asAgent.deskAutomation.delete({ orgId: org.id, ruleId: first.id }))).code).toBe(
      "FORBIDDEN",
    );

    await asAdmin.deskAutomation.delete({ orgId: org.id, ruleId: second.id });
    expect((await asAgent.deskAutomation.list({ orgId: org.id })).map((r) => r.id)).toEqual([first.id]);
  });

  it("user mistakes come back as BAD_REQUEST with the exact field, never a 500", async () => {
    const { org, admin } = await makeStaffedOrg(db);
    const asAdmin = await callerFor(admin);

    const regex = await trpcError(
      asAdmin.deskAutomation.create({
        ...rule(org.id),
        conditions: { match: "all", rules: [{ field: "subject", operator: "matches", value: "(a+)+$" }] },
      }),
    );
    expect(regex.code).toBe("BAD_REQUEST");
    expect(fieldErrors(regex)).toEqual({
      "conditions.rules.0.value": expect.stringMatching(/Nested repetition/),
    });

    // An operator that doesn't fit its field (an API caller skipping the editor) names the operator.
    const wrongOperator = await trpcError(
      asAdmin.deskAutomation.create({
        ...rule(org.id),
        conditions: {
          match: "all",
          rules: [
            { field: "subject", operator: "contains", value: "refund" },
            { field: "tags", operator: "greater_than", value: 3 },
          ],
        },
      }),
    );
    expect(wrongOperator.code).toBe("BAD_REQUEST");
    expect(fieldErrors(wrongOperator)).toEqual({
      "conditions.rules.1.operator":
        "The operator greater_than doesn't fit the field tags: use contains, not_contains, in, not_in, is_empty, is_not_empty.",
    });

    const missing = await trpcError(
      asAdmin.deskAutomation.create({ ...rule(org.id), name: " ", trigger: "ticket.field_changed" }),
    );
    expect(Object.keys(fieldErrors(missing)).sort()).toEqual(["name", "triggerField"]);

    const badAction = await trpcError(
      asAdmin.deskAutomation.create({
        ...rule(org.id),
        actions: [{ type: "set_team", teamId: crypto.randomUUID() }],
      }),
    );
    expect(fieldErrors(badAction)).toEqual({
      "actions.0.teamId": "Choose a team of this workspace.",
    });

    const stale = await trpcError(
      asAdmin.deskAutomation.reorder({ orgId: org.id, ruleIds: [crypto.randomUUID()] }),
    );
    expect(stale.code).toBe("CONFLICT");
    const cursor = await trpcError(
      asAdmin.deskAutomation.executions({ orgId: org.id, ruleId: crypto.randomUUID(), cursor: "garbage" }),
    );
    expect(cursor.code).toBe("NOT_FOUND");
  });

  it("another workspace's rule ids are NOT_FOUND", async () => {
    const mine = await makeStaffedOrg(db);
    const theirs = await makeStaffedOrg(db);
    const theirRule = await (await callerFor(theirs.admin)).deskAutomation.create(rule(theirs.org.id));
    const asMe = await callerFor(mine.admin);
    // Thunks: each call starts only when awaited (no unhandled rejections in between).
    const calls = [
      () => asMe.deskAutomation.get({ orgId: mine.org.id, ruleId: theirRule.id }),
      () => asMe.deskAutomation.update({ ...rule(mine.org.id), ruleId: theirRule.id }),
      () => asMe.deskAutomation.delete({ orgId: mine.org.id, ruleId: theirRule.id }),
      () => asMe.deskAutomation.setEnabled({ orgId: mine.org.id, ruleId: theirRule.id, enabled: false }),
      () => asMe.deskAutomation.executions({ orgId: mine.org.id, ruleId: theirRule.id }),
    ];
    for (const call of calls) expect((await trpcError(call())).code).toBe("NOT_FOUND");
    expect((await trpcError(asMe.deskAutomation.list({ orgId: theirs.org.id }))).code).toBe("NOT_FOUND");
    expect((await db.automationRule.findUniqueOrThrow({ where: { id: theirRule.id } })).enabled).toBe(true);
  });
});
