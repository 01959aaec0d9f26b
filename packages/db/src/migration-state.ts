import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Anything that runs raw SQL: the Prisma client, or a transaction. */
interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

let expected: string[] | null = null;

/**
 * The migrations this build ships, oldest first (the folder names of prisma/migrations, which sort
 * by their timestamp). Read once per process: the build doesn't change under a running process.
 */
export function expectedMigrations(): string[] {
  expected ??= readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return expected;
}

export interface MigrationState {
  /** The newest migration this build ships. */
  expected: string | null;
  /** The newest migration the database has applied (finished, not rolled back). */
  applied: string | null;
  appliedCount: number;
  /** Shipped migrations the database hasn't applied, oldest first. */
  pending: string[];
  /** Migrations the database has that this build doesn't know (a newer build migrated it). */
  unknown: string[];
  /** Every shipped migration is applied. */
  upToDate: boolean;
}

/** Compares `_prisma_migrations` with the shipped migrations. */
export async function migrationState(db: SqlClient): Promise<MigrationState> {
  const shipped = expectedMigrations();
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
     ORDER BY migration_name`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  const pending = shipped.filter((name) => !applied.has(name));
  const known = new Set(shipped);
  return {
    expected: shipped.at(-1) ?? null,
    applied: rows.at(-1)?.migration_name ?? null,
    appliedCount: applied.size,
    pending,
    unknown: [...applied].filter((name) => !known.has(name)),
    upToDate: pending.length === 0,
  };
}
