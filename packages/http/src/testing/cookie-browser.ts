import http from "node:http";
import type { AddressInfo } from "node:net";
import { transformer } from "@quartet/api/transformer";
import type { Deps } from "@quartet/core/deps";
import type { AnyRouter } from "@trpc/server";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../server.ts";

// Test helpers over real HTTP: the web server on a free port whose origin is its public URL
// (config.webUrl too, so redirects and CSRF see the real address), and a browser with a cookie jar.

export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

/** Builds and starts the web server on 127.0.0.1; `deps.config.webUrl` becomes its origin. */
export async function startWebServer(
  deps: Deps,
  router: AnyRouter,
  options: { trustProxy?: boolean } = {},
): Promise<{ app: FastifyInstance; origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  deps.config = { ...deps.config, webUrl: origin };
  const app = await buildServer({
    deps,
    kind: "WEB",
    router,
    origin,
    trustProxy: options.trustProxy ?? false,
  });
  await app.listen({ port, host: "127.0.0.1" });
  return { app, origin };
}

/** fetch with a cookie jar, redirects not followed (the tests look at each hop). */
export class CookieBrowser {
  readonly jar = new Map<string, string>();

  constructor(readonly origin: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = (pair ?? "").indexOf("=");
      const name = (pair ?? "").slice(0, eq).trim();
      const value = (pair ?? "").slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split("=");
        const key = k?.toLowerCase();
        return (
          (key === "max-age" && Number(v) <= 0) ||
          (key === "expires" && new Date(v ?? "").getTime() < Date.now())
        );
      });
      if (!value || expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set("cookie", this.cookieHeader());
    return this.keep(await fetch(target, { ...init, headers, redirect: "manual" }));
  }

  get(url: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, { headers });
  }

  postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin, ...headers },
      body: JSON.stringify(body),
    });
  }

  async trpc<T = unknown>(path: string, input: unknown, method: "query" | "mutation" = "mutation") {
    const res =
      method === "query"
        ? await this.get(
            `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(transformer.serialize(input)))}`,
          )
        : await this.postJson(`/trpc/${path}`, transformer.serialize(input));
    const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
    if (body.error) throw new Error(`${path}: ${body.error.message}`);
    return transformer.deserialize(body.result?.data as never) as T;
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.trpc("auth.signIn", { email, password });
  }
}
