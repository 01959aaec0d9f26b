import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "@quartet/db/embedded-postgres";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../", import.meta.url));

const APPS = {
  web: {
    dir: "apps/web",
    entry: "server/main.ts",
    instrument: "server/instrument.ts",
    out: "dist-server",
    portEnv: "WEB_PORT",
  },
  admin: {
    dir: "apps/admin",
    entry: "server/main.ts",
    instrument: "server/instrument.ts",
    out: "dist-server",
    portEnv: "ADMIN_PORT",
  },
  worker: {
    dir: "apps/worker",
    entry: "src/main.ts",
    instrument: "src/instrument.ts",
    out: "dist",
    portEnv: "WORKER_PORT",
  },
} as const;
export type AppName = keyof typeof APPS;

/**
 * Compiles an app's server bundle the way `pnpm build` does (tooling/build/bundle-server.mjs, no
 * SPA): the suites run what production runs.
 */
export async function buildServerBundle(app: AppName): Promise<void> {
  const a = APPS[app];
  await run(process.execPath, [`${repo}tooling/build/bundle-server.mjs`, a.entry, a.instrument, a.out], {
    cwd: `${repo}${a.dir}`,
    maxBuffer: 10 * 1024 * 1024,
  });
}

export interface AppProcess {
  name: string;
  /** http://127.0.0.1:<port>: the app's port (the worker's: /healthz, /readyz, /metrics). */
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a compiled app as production does (`node --import instrument.js main.js`); resolves when /readyz is 200. */
export async function startApp(app: AppName, name: string, env: Record<string, string>): Promise<AppProcess> {
  const a = APPS[app];
  const port = await freePort();
  let output = "";
  const child = spawn(
    process.execPath,
    ["--enable-source-maps", "--import", `./${a.out}/instrument.js`, `${a.out}/main.js`],
    {
      cwd: `${repo}${a.dir}`,
      env: { ...process.env, HOST: "127.0.0.1", ...env, [a.portEnv]: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 8000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, url, child, output: () => output, stop };
}
