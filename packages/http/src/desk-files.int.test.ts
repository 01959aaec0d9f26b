import { randomBytes } from "node:crypto";
import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { replyToPortalTicket } from "@quartet/core/desk/help-center/help-center.service";
import { addMessage, createTicket, getTicket } from "@quartet/core/desk/tickets/ticket.service";
import { ticketAccessToken } from "@quartet/core/desk/tickets/ticket-access";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { actor } from "@quartet/core/testing/integration";
import { makeStaffedOrg, makeUser } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
import { readAll } from "@quartet/integrations/storage/local-storage";
import type { FastifyInstance } from "fastify";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "./server.ts";

const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";
let t: TestDatabase;
let boss: PgBoss;
let web: FastifyInstance;
let deps: ReturnType<typeof makeTestDeps>;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = await startTestBoss(t.url);
  deps = makeTestDeps(t.db, boss);
  web = await buildServer({ deps, kind: "WEB", router: appRouter, origin: ORIGIN });
});

afterAll(async () => {
  await web?.close();
  await boss?.stop({ graceful: false });
  await t?.drop();
});

async function cookieFor(user: { email: string }): Promise<string> {
  const res = await web.inject({
    method: "POST",
    url: "/trpc/auth.signIn",
    headers: { "content-type": "application/json", origin: ORIGIN },
    payload: JSON.stringify(transformer.serialize({ email: user.email, password: PASSWORD })),
  });
  expect(res.statusCode).toBe(200);
  return String(res.headers["set-cookie"]).split(";")[0] as string;
}

/** A real multipart/form-data body, as a browser's FormData sends it. */
function multipart(files: { name: string; type: string; body: Buffer }[]) {
  const boundary = `----quartet${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.body,
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex"),
  Buffer.alloc(64, 0),
]);

function upload(
  orgId: string,
  cookie: string | null,
  files: Parameters<typeof multipart>[0],
  origin = ORIGIN,
) {
  const body = multipart(files);
  return web.inject({
    method: "POST",
    url: `/files/desk/attachments?orgId=${orgId}`,
    headers: { "content-type": body.contentType, origin, ...(cookie ? { cookie } : {}) },
    payload: body.payload,
  });
}

const ticketInput = (orgId: string) => ({
  orgId,
  subject: "Attachment test",
  description: "With files",
  requester: { email: "customer@example.test" },
});

describe("desk attachments over HTTP", () => {
  it("an agent uploads files (type from the bytes), sends them with a reply, members and the customer download them", async () => {
    const { org, agent, member } = await makeStaffedOrg(t.db);
    const agentCookie = await cookieFor(agent);
    const res = await upload(org.id, agentCookie, [
      { name: "notes.txt", type: "text/plain", body: Buffer.from("hello\nworld") },
      // Claims to be text; the bytes say PNG.
      { name: "screen.txt", type: "text/plain", body: PNG },
    ]);
    expect(res.statusCode).toBe(201);
    const { attachments } = res.json() as {
      attachments: { id: string; fileName: string; size: number; mimeType: string }[];
    };
    expect(attachments.map((a) => [a.fileName, a.mimeType, a.size])).toEqual([
      ["notes.txt", "text/plain", 11],
      ["screen.txt", "image/png", PNG.length],
    ]);
    const rows = await t.db.deskAttachment.findMany({ where: { organizationId: org.id } });
    expect(rows.every((r) => r.ticketId === null && r.messageId === null)).toBe(true);
    expect(rows.every((r) => r.storageKey.startsWith(`desk/${org.id}/`))).toBe(true);
    const stored = await deps.storage.get(rows.find((r) => r.fileName === "notes.txt")!.storageKey);
    expect((await readAll(stored!.body)).toString()).toBe("hello\nworld");

    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    const reply = await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "See attached",
      attachmentIds: attachments.map((a) => a.id),
    });
    expect(reply.attachments.map((a) => a.fileName)).toEqual(["notes.txt", "screen.txt"]);
    const detail = await getTicket(deps, actor(member), { orgId: org.id, ticketId: ticket.id });
    expect(detail.messages[0]?.attachments.map((a) => a.id)).toEqual(attachments.map((a) => a.id));

    // A member downloads it, as an attachment the browser won't sniff.
    const memberCookie = await cookieFor(member);
    const id = attachments[0]!.id;
    const dl = await web.inject({
      method: "GET",
      url: `/files/desk/attachments/${id}`,
      headers: { cookie: memberCookie },
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe("hello\nworld");
    expect(dl.headers["content-type"]).toMatch(/^text\/plain/);
    expect(dl.headers["content-disposition"]).toBe(
      `attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`,
    );
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");

    // The customer, with their ticket link's token: a public message's attachment only.
    const token = ticketAccessToken(deps.config, ticket.id);
    const customer = await web.inject({ method: "GET", url: `/files/desk/attachments/${id}?token=${token}` });
    expect(customer.statusCode).toBe(200);
    expect(customer.body).toBe("hello\nworld");
    const wrongToken = await web.inject({
      method: "GET",
      url: `/files/desk/attachments/${id}?token=${ticketAccessToken(deps.config, org.id)}`,
    });
    expect(wrongToken.statusCode).toBe(404);

    // Outsiders and anonymous callers get 404, never the file.
    const outsider = await makeUser(t.db);
    const outsiderDl = await web.inject({
      method: "GET",
      url: `/files/desk/attachments/${id}`,
      headers: { cookie: await cookieFor(outsider) },
    });
    expect(outsiderDl.statusCode).toBe(404);
    expect((await web.inject({ method: "GET", url: `/files/desk/attachments/${id}` })).statusCode).toBe(404);

    // An upload can be sent once, by its uploader only.
    const again = await appErrorOf(
      addMessage(deps, actor(agent), {
        orgId: org.id,
        ticketId: ticket.id,
        message: "again",
        attachmentIds: [id],
      }),
    );
    expect(again).toHaveProperty("attachmentIds");
  });

  it("an internal note's attachment is never served to the customer", async () => {
    const { org, agent } = await makeStaffedOrg(t.db);
    const res = await upload(org.id, await cookieFor(agent), [
      { name: "secret.txt", type: "text/plain", body: Buffer.from("internal") },
    ]);
    const id = (res.json() as { attachments: { id: string }[] }).attachments[0]!.id;
    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    await addMessage(deps, actor(agent), {
      orgId: org.id,
      ticketId: ticket.id,
      message: "note",
      isInternal: true,
      attachmentIds: [id],
    });
    const token = ticketAccessToken(deps.config, ticket.id);
    const dl = await web.inject({ method: "GET", url: `/files/desk/attachments/${id}?token=${token}` });
    expect(dl.statusCode).toBe(404);
    expect(dl.body).not.toContain("internal");
  });

  it("refuses anonymous (401), outsiders (404), members (403) and cross-site posts (403), storing nothing", async () => {
    const { org, member } = await makeStaffedOrg(t.db);
    const file = [{ name: "a.txt", type: "text/plain", body: Buffer.from("x") }];
    expect((await upload(org.id, null, file)).statusCode).toBe(401);
    const outsider = await makeUser(t.db);
    const outsiderRes = await upload(org.id, await cookieFor(outsider), file);
    expect(outsiderRes.statusCode).toBe(404);
    expect(outsiderRes.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect((await upload(org.id, await cookieFor(member), file)).statusCode).toBe(403);
    const { agent } = await makeStaffedOrg(t.db);
    const agentCookie = await cookieFor(agent);
    expect((await upload(org.id, agentCookie, file, "https://evil.example")).statusCode).toBe(403);
    expect(await t.db.deskAttachment.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("refuses a file over 10 MB (413), more than 5 files (413) and programs (400)", async () => {
    const { org, agent } = await makeStaffedOrg(t.db);
    const cookie = await cookieFor(agent);
    const big = await upload(org.id, cookie, [
      { name: "big.bin", type: "application/octet-stream", body: Buffer.alloc(10 * 1024 * 1024 + 1, 1) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", fieldErrors: { files: expect.any(String) } },
    });

    const six = Array.from({ length: 6 }, (_, i) => ({
      name: `f${i}.txt`,
      type: "text/plain",
      body: Buffer.from("x"),
    }));
    expect((await upload(org.id, cookie, six)).statusCode).toBe(413);

    // A Windows executable renamed to .pdf: refused by its bytes.
    const exe = Buffer.concat([
      Buffer.from("MZ"),
      Buffer.alloc(58, 0),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64, 0),
    ]);
    exe.write("PE\0\0", 0x80);
    const program = await upload(org.id, cookie, [
      { name: "invoice.pdf", type: "application/pdf", body: exe },
    ]);
    expect(program.statusCode).toBe(400);
    expect(program.json()).toMatchObject({
      error: { fieldErrors: { files: expect.stringMatching(/programs/) } },
    });
    const script = await upload(org.id, cookie, [
      { name: "run.sh", type: "text/plain", body: Buffer.from("rm -rf /") },
    ]);
    expect(script.statusCode).toBe(400);
    expect(await t.db.deskAttachment.count({ where: { organizationId: org.id } })).toBe(0);
  });
});

describe("customer attachments in the help center over HTTP", () => {
  const post = (url: string, files: Parameters<typeof multipart>[0], origin = ORIGIN) => {
    const body = multipart(files);
    return web.inject({
      method: "POST",
      url,
      headers: { "content-type": body.contentType, origin },
      payload: body.payload,
    });
  };

  it("a customer uploads with their ticket link, sends the reply, and downloads it; agents see it", async () => {
    const { org, agent } = await makeStaffedOrg(t.db);
    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    const token = ticketAccessToken(deps.config, ticket.id);
    const url = `/files/help/${org.slug}/tickets/${ticket.id}/attachments?token=${token}`;
    const res = await post(url, [{ name: "photo.txt", type: "text/plain", body: PNG }]);
    expect(res.statusCode).toBe(201);
    const [file] = (res.json() as { attachments: { id: string; mimeType: string; fileName: string }[] })
      .attachments;
    expect(file).toMatchObject({ fileName: "photo.txt", mimeType: "image/png" });
    await replyToPortalTicket(deps, {
      slug: org.slug,
      ticketId: ticket.id,
      token,
      message: "Photo attached",
      attachmentIds: [file?.id ?? ""],
    });
    const dl = await web.inject({ method: "GET", url: `/files/desk/attachments/${file?.id}?token=${token}` });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    const detail = await getTicket(deps, actor(agent), { orgId: org.id, ticketId: ticket.id });
    expect(detail.messages.at(-1)?.attachments.map((a) => a.id)).toEqual([file?.id]);

    // The contact form's upload needs no link.
    const form = await post(`/files/help/${org.slug}/attachments`, [
      { name: "order.txt", type: "text/plain", body: Buffer.from("order 42") },
    ]);
    expect(form.statusCode).toBe(201);
  });

  it("refuses a bad link or help center (404), cross-site posts (403) and programs (400), storing nothing", async () => {
    const { org, agent } = await makeStaffedOrg(t.db);
    const ticket = await createTicket(deps, actor(agent), ticketInput(org.id));
    const file = [{ name: "a.txt", type: "text/plain", body: Buffer.from("x") }];
    const base = `/files/help/${org.slug}/tickets/${ticket.id}/attachments`;
    expect((await post(`${base}?token=forged`, file)).statusCode).toBe(404);
    expect((await post(base, file)).statusCode).toBe(404);
    expect((await post("/files/help/no-such-center/attachments", file)).statusCode).toBe(404);
    expect((await post("/files/help/Not%20A%20Slug/attachments", file)).statusCode).toBe(404);
    expect((await post(`/files/help/${org.slug}/attachments`, file, "https://evil.example")).statusCode).toBe(
      403,
    );
    const program = await post(`/files/help/${org.slug}/attachments`, [
      { name: "run.sh", type: "text/plain", body: Buffer.from("rm -rf /") },
    ]);
    expect(program.statusCode).toBe(400);
    expect(program.json()).toMatchObject({
      error: { fieldErrors: { files: expect.stringMatching(/programs/) } },
    });
    expect(await t.db.deskAttachment.count({ where: { organizationId: org.id } })).toBe(0);
  });
});

async function appErrorOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return (err as { fieldErrors?: Record<string, string> } | null)?.fieldErrors ?? null;
}
