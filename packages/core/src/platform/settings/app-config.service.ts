import type { Prisma } from "@quartet/db/types";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { insertAuditLog } from "../admin-audit.repository.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import {
  findConfigAudits,
  findConfigRows,
  findEmails,
  insertConfigAudit,
  lockConfigRow,
  upsertConfigRow,
} from "./app-config.repository.ts";
import {
  type ConfigAuditInput,
  type ConfigListInput,
  type ConfigUpdateInput,
  configAuditInput,
  configListInput,
  configUpdateInput,
} from "./app-config.schema.ts";
import {
  type ConfigKey,
  type ConfigValue,
  configKeys,
  configRegistry,
  isConfigKey,
  MASK,
  type PublicConfig,
  readStoredValue,
} from "./config-registry.ts";
import { notifySettingsChanged, settingsOf } from "./runtime-settings.ts";

type SettingsDeps = Pick<Deps, "db" | "settings">;

/** One runtime setting's current value in this process (cached; fresh within 2 s of any change). */
export function configValue<K extends ConfigKey>(deps: SettingsDeps, key: K): Promise<ConfigValue<K>> {
  return settingsOf(deps).get(key);
}

/** The public subset served to the SPAs. */
export function publicConfig(deps: SettingsDeps): Promise<PublicConfig> {
  return settingsOf(deps).publicConfig();
}

const mask = (sensitive: boolean, value: unknown) => (sensitive ? MASK : value);

/** Every known key with its value (sensitive ones masked), plus stored keys the code no longer knows. */
export async function listConfig(deps: SettingsDeps, _actor: AdminActor, raw: ConfigListInput = {}) {
  const input = configListInput.parse(raw);
  const rows = new Map((await findConfigRows(deps.db)).map((r) => [r.key, r]));
  const items = configKeys.map((key) => {
    const def = configRegistry[key];
    const row = rows.get(key);
    const value = readStoredValue(key, row?.value);
    return {
      key,
      known: true,
      category: def.category,
      type: def.type,
      isPublic: def.isPublic,
      isSensitive: def.isSensitive,
      description: def.description,
      value: mask(def.isSensitive, value),
      defaultValue: mask(def.isSensitive, def.default),
      isDefault: !row,
      isSet: def.isSensitive ? value !== def.default : true,
      updatedAt: row?.updatedAt ?? null,
    };
  });
  const unknown = [...rows.values()]
    .filter((r) => !isConfigKey(r.key))
    .map((r) => ({
      key: r.key,
      known: false,
      category: r.category,
      type: r.valueType,
      isPublic: r.isPublic,
      isSensitive: r.isSensitive,
      description: "",
      value: mask(r.isSensitive, r.value),
      defaultValue: null,
      isDefault: false,
      isSet: true,
      updatedAt: r.updatedAt,
    }));
  return [...items, ...unknown].filter((i) => !input.category || i.category === input.category);
}

/**
 * Changes one setting: the value is checked against the key's schema, then the row, its
 * AppConfigAudit (old/new, reason, IP), the admin audit entry and the NOTIFY that tells every process
 * go in one transaction.
 */
export async function updateConfig(deps: SettingsDeps, actor: AdminActor, raw: ConfigUpdateInput) {
  const input = configUpdateInput.parse(raw);
  if (!isConfigKey(input.key))
    throw new AppError("NOT_FOUND", "This setting doesn't exist.", { key: "Unknown setting." });
  const key = input.key;
  const def = configRegistry[key];
  const parsed = def.schema.safeParse(input.value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid value.";
    throw new AppError(
      "BAD_REQUEST",
      `Invalid value for ${key}: ${message}`,
      { value: message },
      "INVALID_VALUE",
    );
  }
  const value = parsed.data as Prisma.InputJsonValue;
  await deps.db.$transaction(async (tx) => {
    const before = await lockConfigRow(tx, key);
    const oldValue = before ? readStoredValue(key, before.value) : null;
    await upsertConfigRow(tx, {
      key,
      value,
      valueType: def.type,
      category: def.category,
      description: def.description,
      isSensitive: def.isSensitive,
      isPublic: def.isPublic,
      updatedBy: actor.userId,
    });
    await insertConfigAudit(tx, {
      configKey: key,
      // A secret's audit says that it changed, never what it was or became.
      oldValue: def.isSensitive ? (oldValue === null ? null : MASK) : (oldValue as Prisma.InputJsonValue),
      newValue: def.isSensitive ? MASK : value,
      changedBy: actor.userId,
      changeReason: input.reason,
      ipAddress: actor.ip,
    });
    await insertAuditLog(tx, actor, {
      action: "config.change",
      entityType: "config",
      entityId: key,
      changes: {
        before: { value: def.isSensitive ? MASK : oldValue },
        after: { value: def.isSensitive ? MASK : parsed.data },
        reason: input.reason,
      },
    });
    await notifySettingsChanged(tx, "config");
  });
  // This process needn't wait for its own NOTIFY.
  settingsOf(deps).invalidate("config");
  return { key, value: def.isSensitive ? MASK : parsed.data };
}

export async function listConfigAudit(deps: SettingsDeps, _actor: AdminActor, raw: ConfigAuditInput = {}) {
  const input = configAuditInput.parse(raw);
  const rows = await findConfigAudits(deps.db, input.key, input.limit);
  const ids = [...new Set(rows.flatMap((r) => (r.changedBy ? [r.changedBy] : [])))];
  const emails = new Map((await findEmails(deps.db, ids)).map((u) => [u.id, u.email]));
  return rows.map((r) => ({ ...r, changedByEmail: r.changedBy ? (emails.get(r.changedBy) ?? null) : null }));
}
