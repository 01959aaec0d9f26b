import type { DbOrTx } from "@quartet/db/client";
import type { Logger } from "../../deps.ts";
import {
  type ConfigKey,
  type ConfigValue,
  type PublicConfig,
  publicConfigKeys,
  readStoredValue,
} from "./config-registry.ts";
import type { FlagRule } from "./flag-eval.ts";

/** The Postgres channel every process LISTENs on; a change NOTIFYs it in the writing transaction. */
export const SETTINGS_CHANNEL = "quartet_settings";

/** The payloads sent on the channel: which part of the snapshot to drop. */
export type SettingsChange = "config" | "flags";

interface Snapshot {
  config: Map<string, unknown>;
  flags: FlagRule[];
}

/**
 * This process's view of AppConfig and FeatureFlag: read once, kept in memory, dropped when a
 * NOTIFY says something changed (any process's write) or when this process writes itself.
 */
export interface RuntimeSettings {
  get<K extends ConfigKey>(key: K): Promise<ConfigValue<K>>;
  publicConfig(): Promise<PublicConfig>;
  flags(): Promise<FlagRule[]>;
  /** Forget the cached snapshot (a NOTIFY arrived, or this process wrote). */
  invalidate(change?: SettingsChange | string): void;
  /** How many times the snapshot was dropped (tests and health). */
  readonly invalidations: number;
}

export function createRuntimeSettings(
  db: DbOrTx,
  options: { maxAgeMs?: number; now?: () => number } = {},
): RuntimeSettings {
  const now = options.now ?? Date.now;
  let snapshot: Promise<Snapshot> | null = null;
  let loadedAt = 0;
  // A load that started before an invalidation must not be kept as the fresh snapshot.
  let generation = 0;
  let invalidations = 0;

  const load = () => {
    const started = generation;
    loadedAt = now();
    const loading = (async (): Promise<Snapshot> => {
      const [rows, flags] = await Promise.all([
        db.appConfig.findMany({ select: { key: true, value: true } }),
        db.featureFlag.findMany({
          select: { name: true, enabled: true, userIds: true, userTiers: true, rolloutPercent: true },
          orderBy: { name: "asc" },
        }),
      ]);
      return { config: new Map(rows.map((r) => [r.key, r.value])), flags };
    })();
    snapshot = loading;
    loading.then(
      () => {
        if (generation !== started && snapshot === loading) snapshot = null;
      },
      () => {
        if (snapshot === loading) snapshot = null;
      },
    );
    return loading;
  };
  const current = () => {
    // Without a listener (maxAgeMs set), a snapshot is trusted only for a moment.
    if (snapshot && options.maxAgeMs !== undefined && now() - loadedAt > options.maxAgeMs) snapshot = null;
    return snapshot ?? load();
  };

  return {
    async get(key) {
      const snap = await current();
      return readStoredValue(key, snap.config.has(key) ? snap.config.get(key) : undefined);
    },
    async publicConfig() {
      const snap = await current();
      const out: Record<string, unknown> = {};
      for (const key of publicConfigKeys) out[key] = readStoredValue(key, snap.config.get(key));
      return out as unknown as PublicConfig;
    },
    async flags() {
      return (await current()).flags;
    },
    invalidate() {
      generation++;
      invalidations++;
      snapshot = null;
    },
    get invalidations() {
      return invalidations;
    },
  };
}

// Callers built without a listener (tests, scripts, the ops CLI) get one view per database that is
// re-read after a second: their own writes invalidate it at once, others' show up within the second.
const fallback = new WeakMap<object, RuntimeSettings>();

/** The process's settings: `deps.settings`, or a per-database view for callers that built no listener. */
export function settingsOf(deps: { db: DbOrTx; settings?: RuntimeSettings }): RuntimeSettings {
  if (deps.settings) return deps.settings;
  let found = fallback.get(deps.db);
  if (!found) {
    found = createRuntimeSettings(deps.db, { maxAgeMs: 1000 });
    fallback.set(deps.db, found);
  }
  return found;
}

/** A connection that can LISTEN: pg-boss' own Db (a dedicated client that reconnects with backoff). */
export interface SettingsListenSource {
  listen?(
    channel: string,
    onNotification: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<{ close(): Promise<void> }>;
}

/**
 * Holds this process's one LISTEN connection on the settings channel. It reuses the listener pg-boss
 * runs for `notify` queues (a dedicated pg.Client, keepalive, heartbeat, reconnect with backoff):
 * after a reconnect everything is reloaded, since NOTIFYs sent while it was down are lost.
 */
export async function listenForSettingChanges(
  settings: RuntimeSettings,
  source: SettingsListenSource,
  log: Pick<Logger, "info" | "warn">,
): Promise<{ close(): Promise<void> }> {
  if (typeof source.listen !== "function") {
    log.warn("settings: this database connection can't LISTEN; runtime config changes need a restart");
    return { close: async () => {} };
  }
  let first = true;
  const handle = await source.listen(
    SETTINGS_CHANNEL,
    (payload) => settings.invalidate(payload),
    () => {
      if (!first) log.info("settings: listener reconnected, reloading runtime config and flags");
      first = false;
      settings.invalidate("config");
    },
  );
  return handle;
}

/** NOTIFY inside the writer's transaction: delivered to every listener when (and only if) it commits. */
export async function notifySettingsChanged(tx: DbOrTx, change: SettingsChange): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${SETTINGS_CHANNEL}, ${change})`;
}
