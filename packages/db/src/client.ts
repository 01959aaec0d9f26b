import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
/** The client handed to a `$transaction(async (tx) => …)` callback. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
/** Either the client or a transaction: repositories accept both so callers choose the unit of work. */
export type DbOrTx = Db | Tx;

/**
 * Creates a Prisma client on its own pg pool. No hidden singleton: each app builds one at boot.
 * `errorFormat: "minimal"`: any other format captures a stack trace on every query to point at the
 * caller in error messages (a measurable share of each request's CPU); our errors are logged with
 * their own stacks anyway.
 */
export function createDb(
  url: string,
  options: {
    max?: number;
    /** Called with every SQL statement sent (tests count the round trips of a request with it). */
    onQuery?: (event: { query: string; params: string; duration: number }) => void;
  } = {},
): Db {
  const max = options.max ?? 10;
  const adapter = new PrismaPg({ connectionString: url, max });
  let db: Db;
  if (!options.onQuery) db = new PrismaClient({ adapter, errorFormat: "minimal" });
  else {
    const logged = new PrismaClient({
      adapter,
      errorFormat: "minimal",
      log: [{ emit: "event", level: "query" }],
    });
    logged.$on("query", options.onQuery);
    db = logged as unknown as Db;
  }
  // The pg pool Prisma opens (on each connect), for the pool gauges of /metrics.
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connected = await connect();
    pools.set(db, { pool: connected.underlyingDriver(), max, onQuery: options.onQuery });
    return connected;
  };
  return db;
}

type QueryListener = (event: { query: string; params: string; duration: number }) => void;
const pools = new WeakMap<object, { pool: pg.Pool; max: number; onQuery?: QueryListener | undefined }>();

/** Runs one statement on a pg connection or pool, telling `onQuery` (as Prisma's query log would). */
async function run<T>(
  on: Pick<pg.Pool, "query">,
  onQuery: QueryListener | undefined,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const started = performance.now();
  const { rows } = await on.query(text, values);
  onQuery?.({ query: text, params: JSON.stringify(values), duration: performance.now() - started });
  return rows as T[];
}

export interface PoolUsage {
  /** Connections open (busy + idle). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

/** The client's connection pool right now (null before its first query). */
export function poolUsage(db: Db): PoolUsage | null {
  const entry = pools.get(db);
  if (!entry) return null;
  const { pool, max } = entry;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max };
}

/**
 * One statement on the client's own pg pool, beside Prisma, for the per-request hot reads where
 * Prisma's client costs several times the SQL (the session lookup every request makes: ~4× in one
 * measured run, and ~3× for the same SQL through `$queryRawUnsafe`). A transaction client has no
 * pool of its own here: it runs the statement through Prisma, inside its transaction.
 */
export async function pgQuery<T>(db: DbOrTx, text: string, values: unknown[]): Promise<T[]> {
  if (!pools.has(db) && "$connect" in db) await (db as Db).$connect();
  const entry = pools.get(db);
  if (entry) return run<T>(entry.pool, entry.onQuery, text, values);
  return db.$queryRawUnsafe<T[]>(text, ...values);
}

/** A connection of the client's own pg pool, in a transaction `pgTransaction` opened. */
export interface PgTx {
  query<R>(text: string, values?: unknown[]): Promise<R[]>;
}

/**
 * Runs `work` in one transaction on a connection of the client's own pg pool, beside Prisma. For
 * the few hot writes where Prisma's interactive transaction costs several times the SQL itself
 * (the inbox webhook ingest: ~6.9 ms per delivery through `$transaction` against ~1.5 ms here, in
 * one measured run); everything else goes through Prisma. Rolls back when `work` throws.
 */
export async function pgTransaction<T>(db: Db, work: (tx: PgTx) => Promise<T>): Promise<T> {
  if (!pools.has(db)) await db.$connect();
  const entry = pools.get(db);
  if (!entry) throw new Error("pgTransaction: the Prisma client has no pg pool");
  const client = await entry.pool.connect();
  const tx: PgTx = { query: (text, values = []) => run(client, entry.onQuery, text, values) };
  try {
    await client.query("BEGIN");
    const result = await work(tx);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A pg transaction as the `$queryRawUnsafe` runner pg-boss' `enqueue` takes. */
export function pgRunner(tx: PgTx) {
  return {
    $queryRawUnsafe: async <T = unknown>(query: string, ...values: unknown[]): Promise<T> =>
      (await tx.query(query, values)) as T,
  };
}
