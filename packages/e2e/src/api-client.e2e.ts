import type { AppRouter } from "@quartet/api/app-router";
import { cookieJar, createAdminClient, createAppClient } from "@quartet/api/client";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, inject, it } from "vitest";

// The typed internal clients against the real servers: what scripts and internal services use.
const { webUrl, adminUrl } = inject("e2e");

function signedInAppClient() {
  const jar = cookieJar();
  return { jar, client: createAppClient({ url: webUrl, headers: jar.header, onSetCookie: jar.store }) };
}

describe("typed internal API clients", () => {
  it("signs in as the seeded owner and sees the demo workspace with its members", async () => {
    const { client } = signedInAppClient();
    expect(await client.auth.session.query()).toBeNull();
    const result = await client.auth.signIn.mutate({
      email: "owner@acme.test",
      password: "quartet-demo-2026",
    });
    expect(result.status).toBe("SIGNED_IN");
    const orgs = await client.orgs.list.query();
    const acme = orgs.find((o) => o.slug === "acme");
    expect(acme?.role).toBe("OWNER");
    const { members } = await client.members.list.query({ orgId: acme!.id });
    expect(members.map((m) => m.email).sort()).toEqual([
      "agent@acme.test",
      "member@acme.test",
      "owner@acme.test",
    ]);
  });

  it("returns field errors a form can show, not a 500", async () => {
    const { client } = signedInAppClient();
    const error = await client.auth.signUp
      .mutate({ email: "not-an-email", password: "short", name: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.httpStatus).toBe(400);
    expect(Object.keys(data?.fieldErrors ?? {})).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("keeps the admin API for platform admins only", async () => {
    const jar = cookieJar();
    const admin = createAdminClient({ url: adminUrl, headers: jar.header, onSetCookie: jar.store });
    const refused = await admin.auth.signIn
      .mutate({ email: "member@acme.test", password: "quartet-demo-2026" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCClientError);
    await admin.auth.signIn.mutate({ email: "admin@quartet.local", password: "quartet-demo-2026" });
    const page = await admin.users.list.query({ q: "acme.test" });
    expect(page.items.map((u) => u.email)).toEqual(
      expect.arrayContaining(["owner@acme.test", "agent@acme.test", "member@acme.test"]),
    );
  });
});
