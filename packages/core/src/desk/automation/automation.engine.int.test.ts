import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { deskAutomationJob } from "@quartet/jobs/definitions";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { actor, appError, useTestEnv } from "../../testing/integration.ts";
import { createTicket, updateTicket } from "../tickets/ticket.service.ts";
import { addCustomerReply } from "../tickets/ticket-customer.service.ts";
import { publishTicketEvent } from "../tickets/ticket-events.ts";
import { MAX_AUTOMATION_DEPTH } from "./automation.catalog.ts";
import { type AutomationJobPayload, handleAutomation, handleAutomationScan } from "./automation.engine.ts";
import { createRule, listExecutions, listRules, reorderRules } from "./automation.service.ts";
import { postWebhook, SIGNATURE_HEADER } from "./automation.webhook.ts";

const { db, deps, boss } = await useTestEnv();
const HOUR = 3_600_000;

type Staffed = Awaited<ReturnType<typeof makeStaffedOrg>>;
type RuleInput = Omit<Parameters<typeof createRule>[2], "orgId">;

const rule = (w: Staffed, input: RuleInput) =>
  createRule(deps, actor(w.admin), { orgId: w.org.id, ...input });
const ticket = (w: Staffed, extra: Partial<Parameters<typeof createTicket>[2]> = {}) =>
  createTicket(deps, actor(w.agent), {
    orgId: w.org.id,
    subject: "Refund for order 1234",
    description: "I was charged twice.",
    requester: { email: "jane@example.test", name: "Jane Doe" },
    ...extra,
  });

interface QueuedJob {
  id: string;
  data: AutomationJobPayload;
}

/** Takes every queued desk.automation job off the queue (as a worker would fetch them). */
async function takeJobs(): Promise<QueuedJob[]> {
  const jobs = await boss.fetch<AutomationJobPayload>(deskAutomationJob.name, { batchSize: 100 });
  for (const job of jobs) await boss.complete(deskAutomationJob.name, job.id);
  return jobs.map((j) => ({ id: j.id, data: j.data }));
}

/** Runs queued automation jobs, and the jobs they queue, until none is left; returns how many ran. */
async function drain(runDeps = deps, limit = 50): Promise<number> {
  let ran = 0;
  for (;;) {
    const jobs = await takeJobs();
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      await handleAutomation(runDeps, deskAutomationJob.schema.parse(job.data), { id: job.id });
      ran++;
    }
    if (ran > limit) throw new Error(`automation did not settle after ${ran} jobs`);
  }
}

const tagsOf = async (ticketId: string) =>
  (await db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).tags;
const executions = (ruleId: string) =>
  db.automationExecution.findMany({ where: { ruleId }, orderBy: { createdAt: "asc" } });

beforeEach(async () => {
  await takeJobs(); // every test starts with an empty automation queue
});

describe("automation engine: enqueuing", () => {
  it("queues desk.automation with the change only when the workspace has an enabled rule for the trigger", async () => {
    const w = await makeStaffedOrg(db);
    await ticket(w);
    expect(await takeJobs()).toEqual([]); // no rules: nothing queued

    const r = await rule(w, {
      name: "Tag new",
      trigger: "ticket.created",
      actions: [{ type: "add_tag", tag: "new" }],
    });
    await rule(w, {
      name: "On reply",
      trigger: "ticket.customer_replied",
      actions: [{ type: "add_tag", tag: "x" }],
    });
    const t = await ticket(w);
    const jobs = await takeJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toMatchObject({
      orgId: w.org.id,
      ticketId: t.id,
      triggers: ["ticket.created"],
      depth: 0,
      eventType: "ticket.created",
    });

    await db.automationRule.update({ where: { id: r.id }, data: { enabled: false } });
    await ticket(w);
    expect(await takeJobs()).toEqual([]); // disabled: nothing queued
  });

  it("SLA warning and breach events (published by desk.sla-check) start their rules", async () => {
    const w = await makeStaffedOrg(db);
    await rule(w, {
      name: "Breached",
      trigger: "ticket.sla_breached",
      actions: [{ type: "set_priority", priority: "URGENT" }],
    });
    const t = await ticket(w, { priority: "LOW" });
    const event = { orgId: w.org.id, ticketId: t.id, actorUserId: null, source: "system" as const, depth: 0 };
    await db.$transaction((tx) =>
      publishTicketEvent(tx, deps, { ...event, type: "ticket.sla_warning", at: new Date() }),
    );
    expect(await takeJobs()).toEqual([]); // no rule for warnings
    await db.$transaction((tx) =>
      publishTicketEvent(tx, deps, { ...event, type: "ticket.sla_breached", at: new Date() }),
    );
    expect(await drain()).toBe(1);
    expect((await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).priority).toBe("URGENT");
  });

  it("a rolled-back change queues nothing", async () => {
    const w = await makeStaffedOrg(db);
    await rule(w, {
      name: "Any update",
      trigger: "ticket.updated",
      actions: [{ type: "add_tag", tag: "seen" }],
    });
    const t = await ticket(w);
    await takeJobs();
    // OPEN → CLOSED is not a valid transition: the update fails and its transaction rolls back.
    await appError(updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, status: "CLOSED" }));
    expect(await takeJobs()).toEqual([]);
  });
});

describe("automation engine: conditions, order, stop", () => {
  it("all vs any", async () => {
    const w = await makeStaffedOrg(db);
    const conditions = (match: "all" | "any") => ({
      match,
      rules: [
        { field: "subject", operator: "contains" as const, value: "refund" },
        { field: "priority", operator: "equals" as const, value: "URGENT" },
      ],
    });
    await rule(w, {
      name: "All",
      trigger: "ticket.created",
      conditions: conditions("all"),
      actions: [{ type: "add_tag", tag: "all" }],
    });
    await rule(w, {
      name: "Any",
      trigger: "ticket.created",
      conditions: conditions("any"),
      actions: [{ type: "add_tag", tag: "any" }],
    });
    const t = await ticket(w, { priority: "LOW" });
    await drain();
    expect(await tagsOf(t.id)).toEqual(["any"]);

    const urgent = await ticket(w, { priority: "URGENT" });
    await drain();
    expect(await tagsOf(urgent.id)).toEqual(["all", "any"]);
  });

  it("regex conditions match end to end; a catastrophic pattern is refused at save with the field named", async () => {
    const w = await makeStaffedOrg(db);
    await rule(w, {
      name: "Order numbers",
      trigger: "ticket.created",
      conditions: {
        match: "all",
        rules: [{ field: "subject", operator: "matches", value: "order \\d{4}\\b" }],
      },
      actions: [{ type: "add_tag", tag: "order" }],
    });
    const t = await ticket(w);
    const other = await ticket(w, { subject: "Login trouble" });
    await drain();
    expect(await tagsOf(t.id)).toEqual(["order"]);
    expect(await tagsOf(other.id)).toEqual([]);

    // The service parses with zod; the API turns these issues into fieldErrors by path.
    const parsed = await rule(w, {
      name: "Evil",
      trigger: "ticket.created",
      conditions: { match: "all", rules: [{ field: "subject", operator: "matches", value: "^(a+)+$" }] },
      actions: [{ type: "add_tag", tag: "x" }],
    }).then(
      () => null,
      (e: unknown) => issuesOf(e),
    );
    expect(parsed).toEqual({ "conditions.rules.0.value": expect.stringMatching(/Nested repetition/) });
    expect(await db.automationRule.count({ where: { organizationId: w.org.id } })).toBe(1);
  });

  it("runs rules by priority; a matching stop-processing rule ends the chain; reorder changes the order", async () => {
    const w = await makeStaffedOrg(db);
    const a = await rule(w, {
      name: "A",
      trigger: "ticket.created",
      actions: [{ type: "add_tag", tag: "a" }],
    });
    const b = await rule(w, {
      name: "B stops",
      trigger: "ticket.created",
      stopProcessing: true,
      actions: [{ type: "add_tag", tag: "b" }],
    });
    const c = await rule(w, {
      name: "C",
      trigger: "ticket.created",
      actions: [{ type: "add_tag", tag: "c" }],
    });
    const t1 = await ticket(w);
    await drain();
    expect(await tagsOf(t1.id)).toEqual(["a", "b"]); // C never ran

    await reorderRules(deps, actor(w.admin), { orgId: w.org.id, ruleIds: [c.id, a.id, b.id] });
    expect((await listRules(deps, actor(w.agent), { orgId: w.org.id })).map((r) => r.name)).toEqual([
      "C",
      "A",
      "B stops",
    ]);
    const t2 = await ticket(w);
    await drain();
    expect(await tagsOf(t2.id)).toEqual(["c", "a", "b"]);

    // A stop rule that does not match doesn't stop anything.
    await db.automationRule.update({
      where: { id: b.id },
      data: {
        conditions: { match: "all", rules: [{ field: "priority", operator: "equals", value: "URGENT" }] },
      },
    });
    await reorderRules(deps, actor(w.admin), { orgId: w.org.id, ruleIds: [b.id, a.id, c.id] });
    const t3 = await ticket(w);
    await drain();
    expect(await tagsOf(t3.id)).toEqual(["a", "c"]);

    const listed = await listRules(deps, actor(w.agent), { orgId: w.org.id });
    expect(listed.find((r) => r.id === a.id)).toMatchObject({
      triggerCount: 3,
      lastTriggeredAt: expect.any(Date),
    });
    expect(listed.find((r) => r.id === c.id)?.triggerCount).toBe(2);
  });

  it("field_changed runs only when the watched field changed", async () => {
    const w = await makeStaffedOrg(db);
    await rule(w, {
      name: "Priority moved",
      trigger: "ticket.field_changed",
      triggerField: "priority",
      actions: [{ type: "add_internal_note", body: "Priority changed on {{ticket.number}}" }],
    });
    const t = await ticket(w);
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, tags: ["x"] });
    await drain();
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(0);
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, priority: "URGENT" });
    await drain();
    const notes = await db.ticketMessage.findMany({ where: { ticketId: t.id } });
    expect(notes).toMatchObject([
      { isInternal: true, authorUserId: null, message: `Priority changed on #${t.number}` },
    ]);
  });
});

describe("automation engine: loops, retries, failures", () => {
  it("two rules that keep flipping priority stop after MAX_DEPTH hops: bounded jobs, empty queue", async () => {
    const w = await makeStaffedOrg(db);
    const when = (p: string) => ({
      match: "all" as const,
      rules: [{ field: "priority", operator: "equals" as const, value: p }],
    });
    const up = await rule(w, {
      name: "Up",
      trigger: "ticket.updated",
      conditions: when("LOW"),
      actions: [{ type: "set_priority", priority: "HIGH" }],
    });
    const down = await rule(w, {
      name: "Down",
      trigger: "ticket.updated",
      conditions: when("HIGH"),
      actions: [{ type: "set_priority", priority: "LOW" }],
    });
    const t = await ticket(w, { priority: "MEDIUM" });
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, priority: "LOW" });

    const ran = await drain();
    // Depth 0 (the agent) → each job's changes publish depth+1 events; depth 3 events queue nothing.
    expect(ran).toBeGreaterThan(1);
    expect(ran).toBeLessThanOrEqual(1 + 2 + 4);
    expect(await takeJobs()).toEqual([]);
    const all = [...(await executions(up.id)), ...(await executions(down.id))];
    expect(Math.max(...all.map((e) => e.depth))).toBe(MAX_AUTOMATION_DEPTH - 1);
    const changes = await db.ticketActivity.count({
      where: { ticketId: t.id, actionType: "priority_changed" },
    });
    expect(changes).toBeLessThan(20);
  });

  it("a retried job (same id) doesn't apply its rules twice", async () => {
    const w = await makeStaffedOrg(db);
    const r = await rule(w, {
      name: "Note",
      trigger: "ticket.created",
      actions: [
        { type: "add_internal_note", body: "Auto note" },
        { type: "add_tag", tag: "auto" },
      ],
    });
    const t = await ticket(w);
    const [job] = await takeJobs();
    if (!job) throw new Error("no job queued");
    const payload = deskAutomationJob.schema.parse(job.data);
    await handleAutomation(deps, payload, { id: job.id });
    await handleAutomation(deps, payload, { id: job.id }); // the retry
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(1);
    expect(await executions(r.id)).toMatchObject([{ outcome: "matched", dedupeKey: job.id, ticketId: t.id }]);
    expect((await db.automationRule.findUniqueOrThrow({ where: { id: r.id } })).triggerCount).toBe(1);
    // A different job for the same ticket is a new event: it runs.
    await handleAutomation(deps, payload, { id: "another-job" });
    expect(await db.ticketMessage.count({ where: { ticketId: t.id } })).toBe(2);
  });

  it("a failing action rolls back the rule's other effects, is logged as failed, and later rules still run", async () => {
    const w = await makeStaffedOrg(db);
    const bad = await rule(w, {
      name: "Close at once",
      trigger: "ticket.created",
      actions: [
        { type: "add_tag", tag: "closing" },
        { type: "set_status", status: "CLOSED" }, // OPEN → CLOSED is refused
      ],
    });
    const next = await rule(w, {
      name: "Next",
      trigger: "ticket.created",
      actions: [{ type: "add_tag", tag: "next" }],
    });
    const t = await ticket(w);
    await drain();
    expect(await tagsOf(t.id)).toEqual(["next"]);
    expect(await executions(bad.id)).toMatchObject([
      {
        outcome: "failed",
        error: expect.stringMatching(/can't move to closed/i),
        actionsRun: [
          { type: "add_tag", ok: true },
          { type: "set_status", ok: false },
        ],
      },
    ]);
    expect(await executions(next.id)).toMatchObject([{ outcome: "matched" }]);
  });

  it("non-matching rules write no execution rows; merged tickets are skipped", async () => {
    const w = await makeStaffedOrg(db);
    const r = await rule(w, {
      name: "Urgent only",
      trigger: "ticket.created",
      conditions: { match: "all", rules: [{ field: "priority", operator: "equals", value: "URGENT" }] },
      actions: [{ type: "add_tag", tag: "u" }],
    });
    const any = await rule(w, {
      name: "Any",
      trigger: "ticket.created",
      actions: [{ type: "add_tag", tag: "any" }],
    });
    await ticket(w);
    await drain();
    expect(await executions(r.id)).toEqual([]);

    const merged = await ticket(w);
    const survivor = await ticket(w);
    await db.ticket.update({ where: { id: merged.id }, data: { mergedIntoId: survivor.id } });
    const jobs = await takeJobs();
    for (const job of jobs)
      await handleAutomation(deps, deskAutomationJob.schema.parse(job.data), { id: job.id });
    expect(await tagsOf(merged.id)).toEqual([]);
    expect(await tagsOf(survivor.id)).toEqual(["any"]);
    expect((await executions(any.id)).map((e) => e.ticketId)).not.toContain(merged.id);
  });
});

describe("automation engine: triggers and actions", () => {
  it("customer_replied fires on a customer's reply, not on an agent's", async () => {
    const w = await makeStaffedOrg(db);
    await rule(w, {
      name: "Escalate replies",
      trigger: "ticket.customer_replied",
      actions: [{ type: "set_priority", priority: "HIGH" }],
    });
    const t = await ticket(w, { priority: "LOW" });
    expect(await takeJobs()).toEqual([]);
    await db.$transaction((tx) =>
      addCustomerReply(tx, deps, {
        orgId: w.org.id,
        ticketId: t.id,
        contactId: t.contact.id,
        message: "Any news?",
        via: "customer",
      }),
    );
    await drain();
    const fresh = await db.ticket.findUniqueOrThrow({ where: { id: t.id } });
    expect(fresh.priority).toBe("HIGH");
    const activity = await db.ticketActivity.findFirstOrThrow({
      where: { ticketId: t.id, actionType: "priority_changed" },
    });
    expect(activity).toMatchObject({ actorId: null, metadata: { source: "automation" } });
  });

  it("send_reply posts a public templated message; notify reaches the assignee", async () => {
    const w = await makeStaffedOrg(db);
    await rule(w, {
      name: "Acknowledge",
      trigger: "ticket.created",
      actions: [
        {
          type: "send_reply",
          body: "Hi {{requester.name}}, we got {{ticket.number}} ({{ticket.subject}}) from {{requester.email}}.",
        },
        { type: "notify", recipients: ["assignee", w.admin.id], message: "New: {{ticket.subject}}" },
      ],
    });
    const t = await ticket(w, { assigneeId: w.agent.id });
    await drain();
    const messages = await db.ticketMessage.findMany({ where: { ticketId: t.id } });
    expect(messages).toMatchObject([
      {
        isInternal: false,
        authorUserId: null,
        message: `Hi Jane Doe, we got #${t.number} (Refund for order 1234) from jane@example.test.`,
      },
    ]);
    const notes = await db.notification.findMany({
      where: { organizationId: w.org.id, type: "DESK_AUTOMATION" },
    });
    expect(notes.map((n) => n.userId).sort()).toEqual([w.agent.id, w.admin.id].sort());
    expect(notes[0]).toMatchObject({
      message: "New: Refund for order 1234",
      link: `/w/${w.org.slug}/desk/${t.id}`,
    });
  });

  it("refuses actions that point outside the workspace, naming the field", async () => {
    const w = await makeStaffedOrg(db);
    const other = await makeStaffedOrg(db);
    const err = await appError(
      rule(w, {
        name: "Foreign",
        trigger: "ticket.created",
        actions: [
          { type: "add_tag", tag: "ok" },
          { type: "set_assignee", assigneeId: other.agent.id },
          { type: "notify", recipients: [w.member.id], message: "hi" },
          { type: "webhook", url: "http://example.test/hook", secret: "0123456789abcdef" },
        ],
      }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.fieldErrors).toEqual({
      "actions.1.assigneeId": "Choose an agent of this workspace.",
      "actions.2.recipients": "Choose an agent of this workspace.",
      "actions.3.url": "Give a full https:// URL.",
    });
  });
});

describe("automation engine: pending_for (time trigger)", () => {
  it("fires once per pending period, on the scan after N hours", async () => {
    const w = await makeStaffedOrg(db);
    const r = await rule(w, {
      name: "Nudge",
      trigger: "ticket.pending_for",
      pendingHours: 2,
      actions: [{ type: "send_reply", body: "Still need help with {{ticket.number}}?" }],
    });
    const t = await ticket(w);
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, status: "PENDING" });
    const count = () => db.ticketMessage.count({ where: { ticketId: t.id } });

    deps.clock.advance(HOUR);
    await handleAutomationScan(deps);
    expect(await count()).toBe(0); // only 1 h pending

    deps.clock.advance(HOUR + 60_000);
    await Promise.all([handleAutomationScan(deps), handleAutomationScan(deps)]); // two workers at once
    await handleAutomationScan(deps);
    expect(await count()).toBe(1);
    const [execution] = await executions(r.id);
    const pendingSince = (await db.ticket.findUniqueOrThrow({ where: { id: t.id } })).statusChangedAt;
    expect(execution?.dedupeKey).toBe(`pending:${t.id}:${pendingSince.toISOString()}`);

    // Back to open and pending again: a new period, a new firing after 2 h.
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, status: "OPEN" });
    await updateTicket(deps, actor(w.agent), { orgId: w.org.id, ticketId: t.id, status: "PENDING" });
    await handleAutomationScan(deps);
    expect(await count()).toBe(1);
    deps.clock.advance(2 * HOUR + 60_000);
    await handleAutomationScan(deps);
    expect(await count()).toBe(2);
    expect(await executions(r.id)).toHaveLength(2);
  });
});

// A local receiver for webhook tests (allowed only when private targets are allowed).
const received: { headers: IncomingMessage["headers"]; body: string }[] = [];
let status = 200;
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => {
    body += c.toString();
  });
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    if (status === 302) res.writeHead(302, { location: "http://127.0.0.1:1/" }).end();
    else res.writeHead(status, { "content-type": "text/plain" }).end("ok");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const port = (server.address() as AddressInfo).port;

describe("automation engine: webhooks", () => {
  it("refuses loopback, private, metadata and IPv4-in-IPv6 targets through the shared fetcher", async () => {
    const post = (url: string, resolve?: (host: string) => Promise<{ address: string; family: number }[]>) =>
      postWebhook(url, "0123456789abcdef", {}, new Date(), {
        allowPrivateTargets: false,
        ...(resolve ? { resolve } : {}),
      });
    for (const url of [
      "https://127.0.0.1/",
      "https://10.1.2.3/",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/",
      "https://[fd00::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::7f00:1]/",
      "https://[64:ff9b::a9fe:a9fe]/",
      "https://localhost/",
    ]) {
      await expect(post(url), url).rejects.toThrow(/^Refused to call /);
    }
    // A public-looking name that resolves inside: refused, and the resolved address is not echoed.
    const error = await post("https://hooks.example.test/", async () => [
      { address: "10.0.0.7", family: 4 },
    ]).catch((e: Error) => e);
    expect((error as Error).message).toBe("Refused to call hooks.example.test: it is not a public address.");
    expect((error as Error).message).not.toContain("10.0.0.7");
    await expect(post("http://93.184.216.34/")).rejects.toThrow(/https/);
  });

  it("a rule's webhook to a private address fails (logged) when private targets aren't allowed", async () => {
    const w = await makeStaffedOrg(db);
    const r = await rule(w, {
      name: "Hook",
      trigger: "ticket.created",
      actions: [
        { type: "add_tag", tag: "hooked" },
        { type: "webhook", url: `https://127.0.0.1:${port}/hook`, secret: "s3cret-s3cret-s3cret" },
      ],
    });
    const t = await ticket(w);
    const before = received.length;
    await drain();
    expect(received.length).toBe(before);
    // The database actions committed; the webhook's refusal marks the execution failed.
    expect(await tagsOf(t.id)).toEqual(["hooked"]);
    expect(await executions(r.id)).toMatchObject([
      {
        outcome: "failed",
        error: "Refused to call 127.0.0.1: it is not a public address.",
        actionsRun: [
          { type: "add_tag", ok: true },
          { type: "webhook", ok: false },
        ],
      },
    ]);
  });

  it("with private targets allowed, a local server receives the signed payload; non-2xx and redirects fail", async () => {
    const privateDeps = { ...deps, config: { ...deps.config, allowPrivateWebhookTargets: true } };
    const w = await makeStaffedOrg(db);
    const secret = "s3cret-s3cret-s3cret";
    const r = await createRule(privateDeps, actor(w.admin), {
      orgId: w.org.id,
      name: "Hook",
      trigger: "ticket.created",
      actions: [{ type: "webhook", url: `http://127.0.0.1:${port}/hook`, secret }],
    });
    const t = await ticket(w);
    await drain(privateDeps);
    const hit = received.at(-1);
    if (!hit) throw new Error("the webhook was not called");
    const payload = JSON.parse(hit.body) as {
      event: string;
      ticket: { id: string; number: number; requester: { email: string } };
    };
    expect(payload).toMatchObject({
      event: "ticket.created",
      ticket: { id: t.id, number: t.number, requester: { email: "jane@example.test" } },
    });
    const signature = String(hit.headers[SIGNATURE_HEADER.toLowerCase()]);
    const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(v1).toBe(createHmac("sha256", secret).update(`${ts}.${hit.body}`).digest("hex"));
    expect(await executions(r.id)).toMatchObject([
      { outcome: "matched", error: null, actionsRun: [{ type: "webhook", ok: true, detail: "200" }] },
    ]);

    status = 500;
    deps.clock.advance(1000); // the log is newest first: give each run its own instant
    await ticket(w);
    await drain(privateDeps);
    status = 302;
    deps.clock.advance(1000);
    await ticket(w);
    await drain(privateDeps);
    status = 200;
    const log = await listExecutions(deps, actor(w.agent), { orgId: w.org.id, ruleId: r.id, limit: 2 });
    expect(log.items.map((e) => [e.outcome, e.error])).toEqual([
      ["failed", "The webhook redirected (302)."],
      ["failed", "The webhook answered 500."],
    ]);
    expect(log.items[0]?.ticket?.number).toBe(t.number + 2);
    const page2 = await listExecutions(deps, actor(w.agent), {
      orgId: w.org.id,
      ruleId: r.id,
      limit: 2,
      cursor: log.nextCursor,
    });
    expect(page2.items.map((e) => e.outcome)).toEqual(["matched"]);
    expect(page2.nextCursor).toBeNull();
  });
});

function issuesOf(e: unknown): Record<string, string> | null {
  const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (!issues) return null;
  return Object.fromEntries(issues.map((i) => [i.path.join("."), i.message]));
}
