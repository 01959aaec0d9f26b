import { appRouter } from "@quartet/api/app-router";
import { transformer } from "@quartet/api/transformer";
import { makeTestDeps, startTestBoss } from "@quartet/core/testing/deps";
import type { Db } from "@quartet/db/client";
import { buildServer } from "@quartet/http/server";

const ORIGIN = "http://localhost:3000";

/**
 * The customer web server on a database, driven in-process: sign in, then call procedures with the
 * session cookie, as the browser does.
 */
export async function productServer(db: Db, url: string) {
  const boss = await startTestBoss(url);
  const app = await buildServer({
    deps: makeTestDeps(db, boss),
    kind: "WEB",
    router: appRouter,
    origin: ORIGIN,
  });
  let cookie = "";
  const call = async (path: string, input: unknown, method: "GET" | "POST" = "POST") => {
    const encoded = encodeURIComponent(JSON.stringify(transformer.serialize(input)));
    const res = await app.inject({
      method,
      url: method === "GET" ? `/trpc/${path}?input=${encoded}` : `/trpc/${path}`,
      headers: { "content-type": "application/json", origin: ORIGIN, ...(cookie ? { cookie } : {}) },
      ...(method === "POST" ? { payload: JSON.stringify(transformer.serialize(input)) } : {}),
    });
    const setCookie = res.headers["set-cookie"];
    if (setCookie) cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(";")[0]!;
    const body = res.json() as { result?: { data: unknown }; error?: { message: string } };
    if (res.statusCode !== 200)
      throw new Error(`${path}: ${res.statusCode} ${body.error?.message ?? res.body}`);
    return transformer.deserialize(body.result?.data) as Record<string, unknown>;
  };
  return {
    signIn: (email: string, password: string) => call("auth.signIn", { email, password }),
    query: (path: string, input?: unknown) => call(path, input, "GET"),
    mutate: (path: string, input: unknown) => call(path, input),
    close: async () => {
      await app.close();
      await boss.stop({ graceful: false });
    },
  };
}
