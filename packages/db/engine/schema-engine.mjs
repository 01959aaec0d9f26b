#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary (see README.md beside this file).
// The Prisma CLI spawns it as PRISMA_SCHEMA_ENGINE_BINARY in one of three ways:
//   schema-engine --version
//   schema-engine --datasource <json> cli <can-connect-to-database|create-database|drop-database>
//   schema-engine [--datamodels <file>]... [--datasource <json>]   (JSON-RPC 2.0, one message per line)
// Every RPC call is forwarded to @prisma/schema-engine-wasm, which talks to PostgreSQL through
// @prisma/adapter-pg.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import readline from "node:readline";
import { PrismaPg } from "@prisma/adapter-pg";

const require = createRequire(import.meta.url);
// Load pg and the adapter helpers exactly as adapter-pg resolves them (pnpm keeps them private).
const adapterRequire = createRequire(require.resolve("@prisma/adapter-pg"));
const pg = adapterRequire("pg");
const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = adapterRequire("@prisma/driver-adapter-utils");

// adapter-pg rejects Postgres' internal `"char"` type (oid 18), which the engine's catalog queries
// return (pg_class.relkind, ...). It has text's wire format, so report it as text (oid 25).
const Result = adapterRequire("pg/lib/result.js");
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function (fields) {
  for (const field of fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
  return addFields.call(this, fields);
};

// ---------- connection helpers ----------

/** Prisma-style URL -> pg connection string + adapter options (`?schema=` is Prisma's, not pg's). */
function parseUrl(url, database) {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  // Swap the database inside the URL itself: spreading `{ connectionString, database }` into a pg
  // config silently keeps the URL's database (that is adapter-pg's own shadow-db bug).
  if (database !== undefined) u.pathname = `/${encodeURIComponent(database)}`;
  return { connectionString: u.toString(), schema, database: decodeURIComponent(u.pathname.slice(1)) };
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** Run `fn` with a single pg client on `url` (optionally on another database of that server). */
async function withClient(url, database, fn) {
  const client = new pg.Client({ connectionString: parseUrl(url, database).connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** adapter-pg splits scripts on ";", which breaks $$-quoted function bodies in migrations.
 *  Like the native engine, send the whole script as one simple query. */
function wholeScripts(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error); // rethrows as a DriverAdapterError the engine understands
    }
  };
  return adapter;
}

// Without a URL, answer only the engine's connector probe (is it CockroachDB? which version?) so
// that schema-only diffs (`migrate diff --from-empty --to-schema`) work without a database, as
// with the native engine. Anything that really needs a database fails with a clear message.
const noUrl = async () => {
  throw new Error("The datasource URL is empty: set DATABASE_URL.");
};
const offlineAdapter = {
  provider: "postgres",
  adapterName: "@prisma/adapter-pg",
  async queryRaw({ sql }) {
    if (!sql.startsWith("SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1), version()")) return noUrl();
    const { Boolean, Text, Int32 } = ColumnTypeEnum;
    return {
      columnNames: ["exists", "version", "numeric_version"],
      columnTypes: [Boolean, Text, Int32],
      rows: [[true, "PostgreSQL 16.0 (no database: schema-only diff)", 160000]],
    };
  },
  executeRaw: noUrl,
  executeScript: noUrl,
  startTransaction: noUrl,
  getConnectionInfo: () => ({ supportsRelationJoins: true }),
  dispose: async () => {},
};

class EngineAdapterFactory extends PrismaPg {
  #url;
  #shadowUrl;

  constructor({ url, shadowDatabaseUrl }) {
    // No URL is fine for commands that never connect (`migrate diff --from-empty --to-schema`).
    const { connectionString, schema } = url ? parseUrl(url) : {};
    super({ connectionString }, { schema });
    this.#url = url;
    this.#shadowUrl = shadowDatabaseUrl;
  }

  async connect() {
    return this.#url ? wholeScripts(await super.connect()) : offlineAdapter;
  }

  async connectToShadowDb() {
    if (this.#shadowUrl) {
      const { connectionString, schema } = parseUrl(this.#shadowUrl);
      return wholeScripts(await new PrismaPg({ connectionString }, { schema }).connect());
    }
    // Temporary database on the main server, dropped when the engine disposes the adapter.
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await withClient(this.#url, undefined, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    const { connectionString, schema } = parseUrl(this.#url, name);
    const shadow = wholeScripts(await new PrismaPg({ connectionString }, { schema }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose(); // close the shadow pool first, then drop; FORCE ends stray sessions
      await withClient(this.#url, undefined, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      );
    };
    return shadow;
  }
}

// ---------- `cli` subcommands (run once, report via exit code + stderr) ----------

/** Prisma error codes the CLI branches on (P1003 = database missing -> it creates it). */
function userFacingCode(error) {
  if (error.code === "3D000") return "P1003";
  if (error.code === "28P01" || error.code === "28000") return "P1000";
  if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH"].includes(error.code)) return "P1001";
  return undefined;
}

async function runCliCommand(command, datasource) {
  const { database } = parseUrl(datasource.url);
  switch (command) {
    case "can-connect-to-database":
      return withClient(datasource.url, undefined, (c) => c.query("SELECT 1"));
    case "create-database":
      return withClient(datasource.url, "postgres", (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
    case "drop-database":
      return withClient(datasource.url, "postgres", (c) =>
        c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
      );
    default:
      throw new Error(`Unsupported schema-engine cli command: ${command}`);
  }
}

function cliFailure(error) {
  const message = String(error?.message ?? error);
  const line = { level: "ERROR", target: "schema_engine::logger", fields: { message, error_code: userFacingCode(error) } };
  // The CLI drops the first stderr line (the native engine's banner) and parses the rest as JSON.
  process.stderr.write(`schema-engine (wasm shim) cli\n${JSON.stringify(line)}\n`);
  process.exitCode = 1;
}

// ---------- JSON-RPC server ----------

async function loadWasmEngine() {
  // The package's entry imports the .wasm as an ES module, which Node 20 can't do without a flag;
  // instantiate it by hand against its JS glue instead.
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = require.resolve("@prisma/schema-engine-wasm").replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

/** Engine -> CLI request; the CLI prints `content` to its stdout and acknowledges. */
let nextPrintId = 1;
const pendingPrints = new Map();
function printViaCli(content) {
  const id = nextPrintId++;
  return new Promise((resolve) => {
    pendingPrints.set(id, resolve);
    send({ jsonrpc: "2.0", id, method: "print", params: { content } });
  });
}

// JS errors thrown inside the adapter reach us as "External error id#N"; the bound factory keeps them.
let errorRegistry;

function rpcError(error) {
  const message = String(error?.message ?? error).replace(
    /External error id#(\d+)/,
    (text, id) => errorRegistry?.consumeError(Number(id))?.error?.message ?? text,
  );
  if (error?.name === "RuntimeError") {
    // A Rust panic inside the WASM module: the instance can't be trusted any more.
    return { code: 4466, message, data: { is_panic: true, message, backtrace: error.stack } };
  }
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: false, message, error_code: error?.code, meta: error?.meta },
  };
}

async function createEngine({ datamodels, datasource }) {
  const { SchemaEngine } = await loadWasmEngine();
  // Engine logs are JSON lines, as the CLI expects on a native engine's stderr.
  const log = (line) => process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
  const factory = bindMigrationAwareSqlAdapterFactory(new EngineAdapterFactory(datasource));
  errorRegistry = factory.errorRegistry;
  return SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, log, factory);
}

function serveRpc({ datamodels, datasource = { url: "" } }) {
  // Listen before starting the engine: if we died before the CLI's first request was written,
  // the CLI would wait forever and then exit 0 without output. Startup errors become RPC errors.
  const ready = createEngine({ datamodels, datasource });
  ready.catch(() => {});

  // The WASM engine only learns the migrations table state in diagnoseMigrationHistory;
  // createMigration / evaluateDataLoss fail without it, so run it first (read-only).
  let engine;
  const diagnoseFirst = async (params) => {
    await engine.diagnoseMigrationHistory({
      migrationsList: params.migrationsList,
      optInToShadowDatabase: false,
      filters: params.filters ?? { externalTables: [], externalEnums: [] },
    });
  };

  const methods = {
    applyMigrations: (p) => engine.applyMigrations(p),
    createMigration: async (p) => (await diagnoseFirst(p), engine.createMigration(p)),
    dbExecute: async (p) => (await engine.dbExecute(p), {}),
    debugPanic: () => engine.debugPanic(),
    devDiagnostic: (p) => engine.devDiagnostic(p),
    diagnoseMigrationHistory: (p) => engine.diagnoseMigrationHistory(p),
    ensureConnectionValidity: (p) => engine.ensureConnectionValidity(p),
    evaluateDataLoss: async (p) => (await diagnoseFirst(p), engine.evaluateDataLoss(p)),
    getDatabaseVersion: (p) => engine.version(p),
    introspect: (p) => engine.introspect(p),
    introspectSql: (p) => engine.introspectSql(p),
    markMigrationApplied: (p) => engine.markMigrationApplied(p),
    markMigrationRolledBack: (p) => engine.markMigrationRolledBack(p),
    reset: async (p) => (await engine.reset(p), {}),
    schemaPush: (p) => engine.schemaPush(p),
    createDatabase: async () => {
      await runCliCommand("create-database", datasource);
      return { databaseName: parseUrl(datasource.url).database };
    },
    // The native engine prints diff output through the CLI instead of returning it.
    diff: async (p) => {
      const { stdout, exitCode } = await engine.diff(p);
      if (stdout) await printViaCli(stdout);
      return { exitCode };
    },
  };

  // Handle requests one at a time, in order, like the native engine.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (!message.method) {
      pendingPrints.get(message.id)?.();
      pendingPrints.delete(message.id);
      return;
    }
    queue = queue.then(async () => {
      const method = methods[message.method];
      try {
        engine = await ready;
        if (!method) throw new Error(`Method not supported by the WASM schema-engine shim: ${message.method}`);
        const result = await method(message.params ?? {});
        send({ jsonrpc: "2.0", id: message.id, result: result ?? null });
      } catch (error) {
        const rpc = rpcError(error);
        send({ jsonrpc: "2.0", id: message.id, error: rpc });
        if (rpc.data.is_panic) process.exit(101);
      }
    });
  });
  // The CLI ends stdin to stop us; pools would otherwise keep the process alive.
  lines.on("close", () => queue.then(() => process.exit(0)));
}

// ---------- argument parsing ----------

async function main(argv) {
  if (argv.includes("--version") || argv.includes("-V")) {
    const { version } = await loadWasmEngine();
    process.stdout.write(`schema-engine-cli ${version()} (wasm shim)\n`);
    return;
  }
  const datamodels = [];
  let datasource;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels") {
      const file = argv[++i];
      datamodels.push([file, await readFile(file, "utf8")]);
    } else if (arg === "--datasource") {
      datasource = JSON.parse(argv[++i]);
    } else if (arg === "--enabled-preview-features" || arg === "--extension-types") {
      i++; // not needed for PostgreSQL migrations
    } else if (arg === "cli") {
      const command = argv[++i];
      try {
        await runCliCommand(command, datasource ?? { url: "" });
      } catch (error) {
        cliFailure(error);
      }
      return;
    }
  }
  serveRpc({ datamodels, datasource });
}

main(process.argv.slice(2)).catch((error) => {
  // Reported by the CLI as "Error in Schema engine: <message>".
  process.stderr.write(`${JSON.stringify({ level: "ERROR", fields: { message: String(error?.stack ?? error) } })}\n`);
  process.exit(1);
});
