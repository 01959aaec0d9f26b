import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@quartet/db/embedded-postgres";

const run = promisify(execFile);

/**
 * The folder of an installed PostgreSQL server with its client tools (initdb, postgres, pg_dump):
 * PG_SERVER_BIN_DIR, else the newest /usr/lib/postgresql/<major>/bin that has them all.
 */
export function systemPostgresBin(): string {
  const tools = ["initdb", "pg_ctl", "postgres", "pg_dump", "pg_restore", "psql"];
  const complete = (dir: string) => tools.every((t) => existsSync(join(dir, t)));
  if (process.env.PG_SERVER_BIN_DIR) return process.env.PG_SERVER_BIN_DIR;
  const root = "/usr/lib/postgresql";
  const dirs = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(root, v, "bin"))
    : [];
  const found = dirs.find(complete);
  if (!found) {
    throw new Error(
      "No PostgreSQL server with its client tools installed (apt-get install postgresql), or set PG_SERVER_BIN_DIR",
    );
  }
  return found;
}

/**
 * A throwaway PostgreSQL cluster from the system's binaries, on loopback, trusting local
 * connections: the server the backup tests dump and restore with tools of the same version (the
 * embedded test server is newer than the machine's pg_dump).
 */
export async function startSystemPostgres(): Promise<{
  bin: string;
  url: (database: string) => string;
  stop: () => Promise<void>;
}> {
  const bin = systemPostgresBin();
  const dir = await mkdtemp(join(tmpdir(), "quartet-syspg-"));
  const data = join(dir, "data");
  const port = await freePort();
  // initdb and postgres refuse to run as root: run them as the `postgres` user then.
  const asRoot = process.getuid?.() === 0;
  let ids: { uid: number; gid: number } | undefined;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    ids = { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
    await chown(dir, ids.uid, ids.gid);
  }
  await chmod(dir, 0o700);
  const opts = { ...(ids ?? {}), env: { ...process.env, LC_ALL: "C.UTF-8" } };
  await run(
    join(bin, "initdb"),
    ["-D", data, "-U", "quartet", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
    opts,
  );
  await run(
    join(bin, "pg_ctl"),
    [
      "-D",
      data,
      "-w",
      "-l",
      join(dir, "server.log"),
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ],
    opts,
  );
  return {
    bin,
    url: (database) => `postgresql://quartet@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], opts).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
