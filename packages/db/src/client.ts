import { PrismaPg } from "@prisma/adapter-pg";
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
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  if (!options.onQuery) return new PrismaClient({ adapter, errorFormat: "minimal" });
  const db = new PrismaClient({ adapter, errorFormat: "minimal", log: [{ emit: "event", level: "query" }] });
  db.$on("query", options.onQuery);
  return db as unknown as Db;
}
