import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, updateTicket } from "../tickets/ticket.service.ts";
import {
  createCustomField,
  deleteCustomField,
  listCustomFields,
  updateCustomField,
} from "./custom-field.service.ts";

const { db, deps } = await useTestEnv();

const base = (orgId: string) => ({
  orgId,
  subject: "Custom fields",
  description: "Testing custom fields.",
  requester: { email: "cf@example.test" },
});

async function withFields() {
  const staff = await makeStaffedOrg(db);
  const as = actor(staff.admin);
  const orgId = staff.org.id;
  await createCustomField(deps, as, {
    orgId,
    key: "plan",
    label: "Plan",
    type: "SELECT",
    options: ["free", "pro"],
    required: true,
  });
  await createCustomField(deps, as, { orgId, key: "seats", label: "Seats", type: "NUMBER" });
  await createCustomField(deps, as, { orgId, key: "vip", label: "VIP", type: "CHECKBOX" });
  await createCustomField(deps, as, { orgId, key: "renewal", label: "Renewal", type: "DATE" });
  await createCustomField(deps, as, { orgId, key: "note", label: "Note", type: "TEXT" });
  return staff;
}

describe("custom field definitions", () => {
  it("admins create, list in position order, update and delete; the key is unique per workspace", async () => {
    const { org, admin, member } = await withFields();
    const fields = await listCustomFields(deps, actor(member), { orgId: org.id });
    expect(fields.map((f) => [f.key, f.position])).toEqual([
      ["plan", 0],
      ["seats", 1],
      ["vip", 2],
      ["renewal", 3],
      ["note", 4],
    ]);
    expect(fields[0]).toMatchObject({ type: "SELECT", options: ["free", "pro"], required: true });

    const dup = await appError(
      createCustomField(deps, actor(admin), { orgId: org.id, key: "plan", label: "Again", type: "TEXT" }),
    );
    expect(dup.code).toBe("CONFLICT");
    expect(dup.fieldErrors).toEqual({ key: "This key is already used by another field." });

    const plan = fields[0]!;
    const updated = await updateCustomField(deps, actor(admin), {
      orgId: org.id,
      fieldId: plan.id,
      label: "Plan tier",
      options: ["free", "pro", "enterprise"],
      required: false,
    });
    expect(updated).toMatchObject({ key: "plan", label: "Plan tier", required: false });
    expect(updated.options).toContain("enterprise");

    await deleteCustomField(deps, actor(admin), { orgId: org.id, fieldId: plan.id });
    expect((await listCustomFields(deps, actor(admin), { orgId: org.id })).map((f) => f.key)).not.toContain(
      "plan",
    );
    expect(
      (await appError(deleteCustomField(deps, actor(admin), { orgId: org.id, fieldId: plan.id }))).code,
    ).toBe("NOT_FOUND");
  });

  it("refuses bad keys, a SELECT without options, and agents", async () => {
    const { org, admin, agent } = await makeStaffedOrg(db);
    await expect(
      createCustomField(deps, actor(admin), { orgId: org.id, key: "Bad Key", label: "x", type: "TEXT" }),
    ).rejects.toThrow(/lowercase letter/);
    await expect(
      createCustomField(deps, actor(admin), { orgId: org.id, key: "tier", label: "Tier", type: "SELECT" }),
    ).rejects.toThrow(/at least one option/);
    const err = await appError(
      createCustomField(deps, actor(agent), { orgId: org.id, key: "tier", label: "Tier", type: "TEXT" }),
    );
    expect(err.code).toBe("FORBIDDEN");
    const outsider = await makeStaffedOrg(db);
    expect((await appError(listCustomFields(deps, actor(outsider.member), { orgId: org.id }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("custom field values on tickets", () => {
  it("coerces values by type on create and requires required fields", async () => {
    const { org, agent } = await withFields();
    const t = await createTicket(deps, actor(agent), {
      ...base(org.id),
      customFields: {
        plan: "pro",
        seats: "12" as unknown as number,
        vip: "true",
        renewal: "2027-01-31",
        note: " hi ",
      },
    });
    expect(t.customFields).toEqual({ plan: "pro", seats: 12, vip: true, renewal: "2027-01-31", note: "hi" });

    const missing = await appError(createTicket(deps, actor(agent), { ...base(org.id), customFields: {} }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.fieldErrors).toEqual({ "customFields.plan": "Plan is required." });
  });

  it("names every wrong field: unknown key, option not offered, bad number, bad date", async () => {
    const { org, agent } = await withFields();
    const err = await appError(
      createTicket(deps, actor(agent), {
        ...base(org.id),
        customFields: { plan: "gold", seats: "many", renewal: "2027-02-30", color: "red", vip: "maybe" },
      }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.fieldErrors).toEqual({
      "customFields.plan": "Choose one of: free, pro.",
      "customFields.seats": "Enter a number.",
      "customFields.renewal": "Enter a real date as YYYY-MM-DD.",
      "customFields.color": "This field doesn't exist in this workspace.",
      "customFields.vip": "Choose yes or no.",
    });
    expect(await db.ticket.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("updates are a patch: other values stay, null clears an optional field, a required one can't be cleared", async () => {
    const { org, agent } = await withFields();
    const t = await createTicket(deps, actor(agent), {
      ...base(org.id),
      customFields: { plan: "free", seats: 3 },
    });
    const ids = { orgId: org.id, ticketId: t.id };
    const after = await updateTicket(deps, actor(agent), {
      ...ids,
      customFields: { seats: null, vip: true },
    });
    expect(after.customFields).toEqual({ plan: "free", vip: true });
    expect(after.activities.map((a) => a.actionType)).toContain("custom_fields_changed");

    const err = await appError(updateTicket(deps, actor(agent), { ...ids, customFields: { plan: null } }));
    expect(err.fieldErrors).toEqual({ "customFields.plan": "Plan is required." });
    const unknown = await appError(updateTicket(deps, actor(agent), { ...ids, customFields: { nope: 1 } }));
    expect(unknown.fieldErrors).toEqual({
      "customFields.nope": "This field doesn't exist in this workspace.",
    });
  });
});
