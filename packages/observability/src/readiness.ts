import { type MigrationState, migrationState } from "@quartet/db/migration-state";

interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface Readiness {
  ready: boolean;
  body: {
    status: "ok" | "unavailable";
    database: "ok" | "unreachable";
    migrations?: Pick<MigrationState, "expected" | "applied" | "upToDate"> & { pending: number };
  };
}

/**
 * Ready to take traffic: the database answers within `timeoutMs`, and every migration this build
 * ships is applied (a process started before `migrate` finished, or against an old database, is not
 * ready). A missing `_prisma_migrations` table counts as nothing applied.
 */
export async function checkReadiness(db: SqlClient, timeoutMs = 2000): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([db.$queryRawUnsafe("SELECT 1"), timeout]);
  } catch {
    clearTimeout(timer);
    return { ready: false, body: { status: "unavailable", database: "unreachable" } };
  }
  try {
    const state = await Promise.race([migrationState(db), timeout]);
    const migrations = {
      expected: state.expected,
      applied: state.applied,
      upToDate: state.upToDate,
      pending: state.pending.length,
    };
    return {
      ready: state.upToDate,
      body: { status: state.upToDate ? "ok" : "unavailable", database: "ok", migrations },
    };
  } catch {
    return {
      ready: false,
      body: {
        status: "unavailable",
        database: "ok",
        migrations: { expected: null, applied: null, upToDate: false, pending: -1 },
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
