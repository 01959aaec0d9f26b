import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemo } from "@quartet/core/seed/demo.seed";
import { createDb } from "@quartet/db/client";
import { freePort, startEmbeddedPostgres } from "@quartet/db/embedded-postgres";
import { migrateDeploy } from "@quartet/db/migrate";
import { startLocalOidcProvider } from "@quartet/http/testing/local-oidc-provider";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `inboundEmailSecret` signs mail posted to the web server's inbound hook (as a relay would). */
    e2e: { webUrl: string; adminUrl: string; databaseUrl: string; inboundEmailSecret: string };
  }
}

const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));

async function waitForHealth(url: string, child: ChildProcess, name: string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} before becoming ready`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not ready at ${url}`);
}

/** Starts PostgreSQL, migrates, seeds, then web, admin and worker as detached process groups. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), "quartet-e2e-pg-"));
  const server = await startEmbeddedPostgres({ dataDir: dir, persistent: false, quiet: true });
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE quartet_e2e");
  await admin.end();
  const databaseUrl = server.url("quartet_e2e");
  await migrateDeploy(databaseUrl);
  const db = createDb(databaseUrl, { max: 2 });
  await seedDemo(db);
  await db.$disconnect();

  const [webPort, adminPort] = [await freePort(), await freePort()];
  const webUrl = `http://localhost:${webPort}`;
  const adminUrl = `http://localhost:${adminPort}`;
  const inboundEmailSecret = randomBytes(24).toString("hex");
  // A local OpenID Connect provider (any email signs in at its form): "Continue with Test SSO".
  // (Started after the ports were picked: if it lands on one of them, it starts again elsewhere.)
  let idp = await startLocalOidcProvider({
    redirectUris: [`${webUrl}/auth/oauth/oidc/callback`],
    loginForm: true,
  });
  while ([webUrl, adminUrl].some((url) => new URL(url).port === new URL(idp.issuer).port)) {
    const taken = idp;
    idp = await startLocalOidcProvider({
      redirectUris: [`${webUrl}/auth/oauth/oidc/callback`],
      loginForm: true,
    });
    await taken.close();
  }
  const env = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    WEB_PORT: String(webPort),
    ADMIN_PORT: String(adminPort),
    WEB_URL: webUrl,
    ADMIN_URL: adminUrl,
    LOG_LEVEL: "warn",
    INBOUND_EMAIL_SECRET: inboundEmailSecret,
    OIDC_ISSUER_URL: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_NAME: "Test SSO",
  };
  const children: ChildProcess[] = [];
  const start = (cwd: string, entry: string) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
      cwd: join(repoRoot, cwd),
      env,
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(child);
    return child;
  };
  const web = start("apps/web", "server/main.ts");
  const adminApp = start("apps/admin", "server/main.ts");
  start("apps/worker", "src/main.ts");
  await Promise.all([waitForHealth(webUrl, web, "web"), waitForHealth(adminUrl, adminApp, "admin")]);

  project.provide("e2e", { webUrl, adminUrl, databaseUrl, inboundEmailSecret });

  return async () => {
    for (const child of children) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM"); // the whole group: tsx leaves a node child
      } catch {}
    }
    await new Promise((r) => setTimeout(r, 1500));
    for (const child of children) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    await idp.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
