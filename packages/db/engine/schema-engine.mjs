#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary (see README.md beside this file).
// The Prisma CLI runs PRISMA_SCHEMA_ENGINE_BINARY in three ways:
//   schema-engine --version
//   schema-engine --datasource <json> cli <can-connect-to-database|create-database>
//   schema-engine [--datamodels <file>]... [--datasource <json>]  (JSON-RPC 2.0, one message a line)
// RPC calls are forwarded to @prisma/schema-engine-wasm, which reaches PostgreSQL through
// @prisma/adapter-pg. Plain ESM so that it runs with bare `node`, without a build step.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import readline from "node:readline";
import { PrismaPg } from "@prisma/adapter-pg";

const require = createRequire(import.meta.url);
// Load pg and the adapter helpers exactly as adapter-pg resolves them (pnpm keeps them private).
const adapterRequire = createRequire(require.resolve("@prisma/adapter-pg"));
const pg = adapterRequire("pg");
const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = adapterRequire(
  "@prisma/driver-adapter-utils",
);

// adapter-pg throws on Postgres' internal `"char"` type (oid 18), yet the engine's catalog queries
// select such columns (pg_constraint.contype, ...) and read them as chars. Let pg report them as
// text (same wire format) and remember which columns they were; `fixAdapter` re-types them.
const Result = adapterRequire("pg/lib/result.js");
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function (fields) {
  const charColumns = fields.flatMap((field, i) => (field.dataTypeID === 18 ? [i] : []));
  for (const i of charColumns) fields[i].dataTypeID = 25;
  // adapter-pg returns this very rows array from queryRaw.
  Object.defineProperty(this.rows, "charColumns", { value: charColumns, configurable: true });
  return addFields.call(this, fields);
};

// ---------- connections ----------

/** Prisma URL -> pg connection string (`?schema=` is Prisma's: it goes to the adapter instead). */
function parseUrl(url, database) {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  // Swap the database inside the URL: a separate `database` option next to `connectionString`
  // is silently ignored by pg (that is why adapter-pg's own shadow database hits the main one).
  if (database !== undefined) u.pathname = `/${encodeURIComponent(database)}`;
  return { connectionString: u.toString(), schema, database: decodeURIComponent(u.pathname.slice(1)) };
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** Run `fn` with one pg client on `url`, or on another database of the same server. */
async function withClient(url, database, fn) {
  const client = new pg.Client({ connectionString: parseUrl(url, database).connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Adjust an adapter-pg connection (and its transactions) to what the schema engine needs. */
function fixAdapter(queryable) {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of result.rows.charColumns ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => fixAdapter(await startTransaction(...args));
  }
  if (queryable.executeScript) {
    // adapter-pg splits scripts on ";", which breaks $$-quoted function bodies in migrations.
    // Like the native engine, send the whole script as one simple query.
    queryable.executeScript = async (script) => {
      try {
        await queryable.underlyingDriver().query(script);
      } catch (error) {
        queryable.onError(error); // rethrows as a DriverAdapterError the engine understands
      }
    };
  }
  return queryable;
}

// Without a URL, answer only the engine's connector probe (CockroachDB or PostgreSQL? version?),
// so schema-only diffs (`migrate diff --from-empty --to-schema`) need no database, as with the
// native engine. Anything that really needs a database fails with a clear message.
const noUrl = async () => {
  throw new Error("The datasource URL is empty: set DATABASE_URL.");
};
const offlineAdapter = {
  provider: "postgres",
  adapterName: "@prisma/adapter-pg",
  async queryRaw({ sql }) {
    if (!sql.startsWith("SELECT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = $1), version()"))
      return noUrl();
    const { Boolean: BooleanColumn, Text, Int32 } = ColumnTypeEnum;
    return {
      columnNames: ["exists", "version", "numeric_version"],
      columnTypes: [BooleanColumn, Text, Int32],
      rows: [[true, "PostgreSQL 16.0 (no database: schema-only diff)", 160000]],
    };
  },
  executeRaw: noUrl,
  executeScript: noUrl,
  startTransaction: noUrl,
  getConnectionInfo: () => ({ supportsRelationJoins: true }),
  dispose: async () => {},
};

/** Temporary shadow databases not dropped yet (dropped on a crash too). */
const shadowDatabases = new Map(); // name -> drop()

class EngineAdapterFactory extends PrismaPg {
  #url;
  #shadowUrl;

  constructor({ url, shadowDatabaseUrl }) {
    const { connectionString, schema } = url ? parseUrl(url) : {};
    super({ connectionString }, { schema });
    this.#url = url;
    this.#shadowUrl = shadowDatabaseUrl;
  }

  async connect() {
    return this.#url ? fixAdapter(await super.connect()) : offlineAdapter;
  }

  async connectToShadowDb() {
    if (this.#shadowUrl) {
      // A configured shadow database: the WASM engine doesn't clear it, the native one does.
      const { connectionString, schema = "public" } = parseUrl(this.#shadowUrl);
      if (connectionString === parseUrl(this.#url).connectionString) {
        throw new Error("shadowDatabaseUrl is the same as the main datasource url; refusing to reset it.");
      }
      const shadow = fixAdapter(await new PrismaPg({ connectionString }, { schema }).connect());
      await shadow.executeScript(
        `DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE; CREATE SCHEMA ${quoteIdent(schema)};`,
      );
      return shadow;
    }
    // A temporary database on the main server, like the native engine makes.
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await withClient(this.#url, undefined, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    const drop = () =>
      withClient(this.#url, undefined, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      );
    shadowDatabases.set(name, drop);
    const { connectionString, schema } = parseUrl(this.#url, name);
    const shadow = fixAdapter(await new PrismaPg({ connectionString }, { schema }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose(); // close the shadow pool first; FORCE also ends any straggling session
      await drop();
      shadowDatabases.delete(name);
    };
    return shadow;
  }
}

// ---------- `cli` subcommands: one shot, result in the exit code and stderr ----------

/** Prisma error codes the CLI branches on (P1003 = database missing: the CLI creates it). */
function userFacingCode(error) {
  if (error.code === "3D000") return "P1003";
  if (error.code === "28P01" || error.code === "28000") return "P1000";
  if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH"].includes(error.code)) return "P1001";
  return undefined;
}

async function runCliCommand(command, { url }) {
  switch (command) {
    case "can-connect-to-database":
      return withClient(url, undefined, (c) => c.query("SELECT 1"));
    case "create-database": // from the server's `postgres` database
      return withClient(url, "postgres", (c) =>
        c.query(`CREATE DATABASE ${quoteIdent(parseUrl(url).database)}`),
      );
    default:
      throw new Error(`Unsupported schema-engine cli command: ${command}`);
  }
}

function reportCliFailure(error) {
  const fields = { message: String(error?.message ?? error), error_code: userFacingCode(error) };
  // The CLI skips the first stderr line (the native engine's banner) and parses the rest as JSON.
  process.stderr.write(
    `schema-engine wasm shim\n${JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields })}\n`,
  );
  process.exitCode = 1;
}

// ---------- the WASM engine ----------

// The engine's panic hook stores the Rust panic message here before it traps.
const panicRegistry = {
  message: undefined,
  set_message(message) {
    this.message = message;
  },
};
globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

async function loadWasm() {
  // The package entry imports the .wasm as an ES module, which Node 20 can't do without a flag:
  // instantiate it by hand against its JS glue instead.
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = require
    .resolve("@prisma/schema-engine-wasm")
    .replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    "./schema_engine_bg.js": glue,
  });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

// JS errors thrown inside the adapter reach us as "External error id#N"; the bound factory keeps them.
let errorRegistry;

async function startEngine({ datamodelPaths, datasource }) {
  const datamodels = await Promise.all(
    datamodelPaths.map(async (file) => [file, await readFile(file, "utf8")]),
  );
  const { SchemaEngine } = await loadWasm();
  // Engine logs are JSON lines, which is what the CLI reads from a native engine's stderr.
  const log = (line) => process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
  const factory = bindMigrationAwareSqlAdapterFactory(new EngineAdapterFactory(datasource));
  errorRegistry = factory.errorRegistry;
  return SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, log, factory);
}

/** Error -> JSON-RPC error object in the native engine's shape (the CLI reads `data`). */
function rpcError(error) {
  const message = String(error?.message ?? error).replace(
    /External error id#(\d+)/,
    (text, id) => errorRegistry?.consumeError(Number(id))?.error?.message ?? text,
  );
  if (error?.name === "RuntimeError") {
    const panic = panicRegistry.message ?? message; // a Rust panic: the instance is now unusable
    return { code: 4466, message: panic, data: { is_panic: true, message: panic, backtrace: error.stack } };
  }
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    // Only Prisma's own codes (P3006, ...): the CLI shows them and branches on some.
    data: {
      is_panic: false,
      message,
      error_code: /^P\d{4}$/.test(error?.code) ? error.code : undefined,
      meta: error?.meta,
    },
  };
}

// ---------- JSON-RPC over stdin/stdout ----------

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function exitAfterCleanup(code) {
  await Promise.allSettled([...shadowDatabases.values()].map((drop) => drop()));
  process.exit(code);
}

function serveRpc({ datamodelPaths, datasource }) {
  // Read stdin before the engine is up: if we died before the CLI wrote its first request, the
  // CLI would wait for nothing and exit 0 without output. Startup errors become RPC errors.
  const ready = startEngine({ datamodelPaths, datasource });
  ready.catch(() => {});
  let engine;

  // WASM engine quirk: evaluateDataLoss / createMigration can't open a shadow database themselves;
  // they rely on state left by a diagnose that replayed the migrations on one, which the CLI's
  // devDiagnostic doesn't leave when it found pending migrations (the CLI applies them next).
  // Then they fail with this message: run such a diagnose (the database is up to date by now), retry.
  const needsShadowReplay = "shadow DB must be provided through an external factory";
  const withShadowReplay = (method) => async (params) => {
    try {
      return await engine[method](params);
    } catch (error) {
      if (!String(error?.message).includes(needsShadowReplay)) throw error;
      const { migrationsList, filters } = params;
      await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters });
      return engine[method](params);
    }
  };

  const methods = {
    applyMigrations: (p) => engine.applyMigrations(p),
    createMigration: withShadowReplay("createMigration"),
    dbExecute: async (p) => {
      await engine.dbExecute(p);
      return {};
    },
    debugPanic: () => engine.debugPanic(),
    devDiagnostic: (p) => engine.devDiagnostic(p),
    diagnoseMigrationHistory: (p) => engine.diagnoseMigrationHistory(p),
    ensureConnectionValidity: (p) => engine.ensureConnectionValidity(p),
    evaluateDataLoss: withShadowReplay("evaluateDataLoss"),
    getDatabaseVersion: (p) => engine.version(p),
    introspect: (p) => engine.introspect(p),
    introspectSql: (p) => engine.introspectSql(p),
    markMigrationApplied: (p) => engine.markMigrationApplied(p),
    markMigrationRolledBack: (p) => engine.markMigrationRolledBack(p),
    reset: async (p) => {
      await engine.reset(p);
      return {};
    },
    schemaPush: (p) => engine.schemaPush(p),
    // The native engine hands diff output to the CLI's `print` method instead of returning it.
    diff: async (p) => {
      const { stdout, exitCode } = await engine.diff(p);
      if (stdout) await printViaCli(stdout);
      return { exitCode };
    },
  };

  let nextPrintId = 1;
  const pendingPrints = new Map();
  function printViaCli(content) {
    const id = nextPrintId++;
    return new Promise((resolve) => {
      pendingPrints.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });
  }

  // A Rust panic traps inside a WASM callback, so it surfaces here rather than as a rejection.
  let current;
  process.on("uncaughtException", (error) => {
    const rpc = rpcError(error);
    if (current !== undefined) send({ jsonrpc: "2.0", id: current, error: rpc });
    process.stderr.write(`${JSON.stringify({ level: "ERROR", fields: { message: rpc.data.message } })}\n`);
    exitAfterCleanup(rpc.data.is_panic ? 101 : 1);
  });

  // Ctrl-C reaches us too: don't leave temporary shadow databases behind.
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => exitAfterCleanup(130));

  // One request at a time, in order, like the native engine.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (!message.method) {
      // The CLI's answer to one of our `print` requests.
      pendingPrints.get(message.id)?.();
      pendingPrints.delete(message.id);
      return;
    }
    queue = queue.then(async () => {
      current = message.id;
      try {
        engine = await ready;
        const method = methods[message.method];
        if (!method)
          throw new Error(`Method not supported by the WASM schema-engine shim: ${message.method}`);
        send({ jsonrpc: "2.0", id: message.id, result: (await method(message.params ?? {})) ?? null });
      } catch (error) {
        const rpc = rpcError(error);
        send({ jsonrpc: "2.0", id: message.id, error: rpc });
        if (rpc.data.is_panic) await exitAfterCleanup(101);
      }
      current = undefined;
    });
  });
  // The CLI closes stdin to stop us; open pools would otherwise keep the process alive.
  lines.on("close", () => queue.then(() => exitAfterCleanup(0)));
}

// ---------- arguments ----------

async function main(argv) {
  if (argv.includes("--version") || argv.includes("-V")) {
    const { version } = await loadWasm();
    process.stdout.write(`schema-engine-cli ${version()} (wasm shim)\n`);
    return;
  }
  const datamodelPaths = [];
  let datasource;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels") {
      datamodelPaths.push(argv[++i]);
    } else if (arg === "--datasource") {
      datasource = JSON.parse(argv[++i]);
    } else if (arg === "--enabled-preview-features" || arg === "--extension-types") {
      i++; // not used by the WASM engine
    } else if (arg === "cli") {
      await runCliCommand(argv[++i], datasource ?? { url: "" }).catch(reportCliFailure);
      return;
    }
  }
  serveRpc({ datamodelPaths, datasource: datasource ?? { url: "" } });
}

main(process.argv.slice(2)).catch((error) => {
  // The CLI reports this as "Error in Schema engine: <message>".
  process.stderr.write(
    `${JSON.stringify({ level: "ERROR", fields: { message: String(error?.stack ?? error) } })}\n`,
  );
  process.exit(1);
});
