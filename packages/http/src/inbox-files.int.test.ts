import { randomBytes } from "node:crypto";
import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { makeConnection, makeConversation } from "@quartet/core/inbox/inbox-test-fixtures";
import { sendMessage } from "@quartet/core/inbox/messages/message.service";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import { actor } from "@quartet/core/testing/integration";
import { makeStaffedOrg } from "@quartet/db/testing/factories";
import { createTestDatabase, type TestDatabase } from "@quartet/db/testing/test-db";
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

function upload(orgId: string, cookie: string | null, files: { name: string; type: string; body: Buffer }[]) {
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
  return web.inject({
    method: "POST",
    url: `/files/inbox/uploads?orgId=${orgId}`,
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      origin: ORIGIN,
      ...(cookie ? { cookie } : {}),
    },
    payload: Buffer.concat(chunks),
  });
}

const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex"),
  Buffer.alloc(64, 0),
]);

describe("inbox files over HTTP", () => {
  it("an agent uploads (typed by the bytes), sends it, and only members of the workspace get the media", async () => {
    const { org, agent, member } = await makeStaffedOrg(t.db);
    const other = await makeStaffedOrg(t.db);
    const agentCookie = await cookieFor(agent);
    const res = await upload(org.id, agentCookie, [{ name: "photo.txt", type: "text/plain", body: PNG }]);
    expect(res.statusCode).toBe(201);
    const { attachments } = res.json() as {
      attachments: { id: string; fileName: string; mimeType: string; size: number }[];
    };
    expect(attachments).toEqual([
      { id: expect.any(String), fileName: "photo.txt", mimeType: "image/png", size: PNG.length },
    ]);

    const connection = await makeConnection(t.db, deps.config, org.id);
    const conversation = await makeConversation(t.db, connection);
    const sent = await sendMessage(deps, actor(agent), {
      orgId: org.id,
      conversationId: conversation.id,
      attachmentIds: attachments.map((a) => a.id),
    });
    const url = sent.media?.url ?? "";
    expect(url).toBe(`/files/inbox/messages/${sent.id}/media`);

    const dl = await web.inject({ method: "GET", url, headers: { cookie: await cookieFor(member) } });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
    expect(dl.headers["content-type"]).toBe("image/png");
    expect(dl.headers["content-disposition"]).toMatch(/^inline; filename="photo.txt"/);
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");

    // Another workspace's member, an anonymous caller, a missing thumbnail: 404 alike.
    const outsider = await web.inject({
      method: "GET",
      url,
      headers: { cookie: await cookieFor(other.owner) },
    });
    expect(outsider.statusCode).toBe(404);
    expect((await web.inject({ method: "GET", url })).statusCode).toBe(404);
    const thumb = await web.inject({
      method: "GET",
      url: `/files/inbox/messages/${sent.id}/thumbnail`,
      headers: { cookie: agentCookie },
    });
    expect(thumb.statusCode).toBe(404);
  });

  it("refuses outsiders before reading, members below agent, programs, and more than 16 MB", async () => {
    const { org, member } = await makeStaffedOrg(t.db);
    const other = await makeStaffedOrg(t.db);
    const file = [{ name: "a.txt", type: "text/plain", body: Buffer.from("hi") }];
    expect((await upload(org.id, null, file)).statusCode).toBe(401);
    expect((await upload(org.id, await cookieFor(other.owner), file)).statusCode).toBe(404);
    expect((await upload(org.id, await cookieFor(member), file)).statusCode).toBe(403);
    const agentCookie = await cookieFor(other.agent);
    const program = await upload(other.org.id, agentCookie, [
      { name: "setup.exe", type: "application/octet-stream", body: Buffer.from("MZ\x90\x00binary") },
    ]);
    expect(program.statusCode).toBe(400);
    const big = await upload(other.org.id, agentCookie, [
      { name: "big.bin", type: "application/octet-stream", body: Buffer.alloc(16 * 1024 * 1024 + 1, 1) },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await t.db.inboxUpload.count({ where: { organizationId: other.org.id } })).toBe(0);
  });
});
