import type { Deps } from "../../deps.ts";
import { AppError, notFound } from "../../errors.ts";
import { insertAuditLog } from "../admin-audit.repository.ts";
import type { AdminActor } from "../admin-audit.schema.ts";
import {
  countFlagAudience,
  findFlag,
  findFlagByName,
  findFlags,
  findUserByEmail,
  flagSelect,
  sampleFlagAudience,
} from "./feature-flag.repository.ts";
import {
  type FlagPreviewInput,
  type FlagRuleInput,
  type FlagUpdateInput,
  flagCreateInput,
  flagIdInput,
  flagPreviewInput,
  flagUpdateInput,
} from "./feature-flag.schema.ts";
import { evaluateFlags, type FlagSubject, flagDecision } from "./flag-eval.ts";
import { notifySettingsChanged, settingsOf } from "./runtime-settings.ts";
import { tierForFlags } from "./user-tier.ts";

type FlagDeps = Pick<Deps, "db" | "clock" | "settings">;

/** Every flag's answer for one person, from this process's cache: sent with the session query. */
export async function flagsForUser(deps: FlagDeps, userId: string): Promise<Record<string, boolean>> {
  const flags = await settingsOf(deps).flags();
  // The tier costs a query on every session read: only when an enabled flag targets tiers
  // (otherwise no flag reads it, and "" matches no tier).
  const tier = flags.some((f) => f.enabled && f.userTiers.length > 0) ? await tierForFlags(deps, userId) : "";
  return evaluateFlags(flags, { id: userId, tier });
}

/** Whether one flag is on for one person (server code branches on this; unknown flags are off). */
export async function isFeatureEnabled(deps: FlagDeps, subject: FlagSubject, name: string): Promise<boolean> {
  const flag = (await settingsOf(deps).flags()).find((f) => f.name === name);
  return flag ? flagDecision(flag, subject).on : false;
}

export function listFlags(deps: FlagDeps, _actor: AdminActor) {
  return findFlags(deps.db);
}

const ruleOf = (input: ReturnType<typeof flagCreateInput.parse>) => ({
  name: input.name,
  description: input.description ?? null,
  enabled: input.enabled,
  userIds: [...new Set(input.userIds)],
  userTiers: [...new Set(input.userTiers)],
  rolloutPercent: input.rolloutPercent,
});

const taken = () =>
  new AppError(
    "CONFLICT",
    "A flag with this name exists.",
    { name: "A flag with this name exists." },
    "NAME_TAKEN",
  );

async function afterWrite(deps: FlagDeps) {
  settingsOf(deps).invalidate("flags");
}

export async function createFlag(deps: FlagDeps, actor: AdminActor, raw: FlagRuleInput) {
  const data = ruleOf(flagCreateInput.parse(raw));
  if (await findFlagByName(deps.db, data.name)) throw taken();
  const flag = await deps.db.$transaction(async (tx) => {
    const created = await tx.featureFlag.create({ data, select: flagSelect });
    await insertAuditLog(tx, actor, {
      action: "flag.create",
      entityType: "flag",
      entityId: created.name,
      changes: { before: null, after: data },
    });
    await notifySettingsChanged(tx, "flags");
    return created;
  });
  await afterWrite(deps);
  return flag;
}

export async function updateFlag(deps: FlagDeps, actor: AdminActor, raw: FlagUpdateInput) {
  const input = flagUpdateInput.parse(raw);
  const data = ruleOf(input);
  const before = await findFlag(deps.db, input.id);
  if (!before) throw notFound("Flag not found.");
  if (data.name !== before.name && (await findFlagByName(deps.db, data.name))) throw taken();
  const flag = await deps.db.$transaction(async (tx) => {
    const updated = await tx.featureFlag.update({ where: { id: input.id }, data, select: flagSelect });
    await insertAuditLog(tx, actor, {
      action: "flag.update",
      entityType: "flag",
      entityId: updated.name,
      changes: {
        before: {
          name: before.name,
          description: before.description,
          enabled: before.enabled,
          userIds: before.userIds,
          userTiers: before.userTiers,
          rolloutPercent: before.rolloutPercent,
        },
        after: data,
      },
    });
    await notifySettingsChanged(tx, "flags");
    return updated;
  });
  await afterWrite(deps);
  return flag;
}

export async function deleteFlag(deps: FlagDeps, actor: AdminActor, raw: { id: string }) {
  const { id } = flagIdInput.parse(raw);
  const before = await findFlag(deps.db, id);
  if (!before) throw notFound("Flag not found.");
  await deps.db.$transaction(async (tx) => {
    await tx.featureFlag.delete({ where: { id } });
    await insertAuditLog(tx, actor, {
      action: "flag.delete",
      entityType: "flag",
      entityId: before.name,
      changes: { before: { enabled: before.enabled, rolloutPercent: before.rolloutPercent }, after: null },
    });
    await notifySettingsChanged(tx, "flags");
  });
  await afterWrite(deps);
  return { ok: true as const };
}

/**
 * "Who gets it" for a rule being edited (saved or not): how many live accounts, a sample, and one
 * person by email with the reason. Counted in SQL with the same hash as the code (flagBucketSql).
 */
export async function previewFlag(deps: FlagDeps, _actor: AdminActor, raw: FlagPreviewInput) {
  const input = flagPreviewInput.parse(raw);
  const rule = ruleOf(input.rule);
  const [audience, sample] = await Promise.all([
    countFlagAudience(deps.db, rule),
    sampleFlagAudience(deps.db, rule, 8),
  ]);
  let check: { email: string; found: boolean; on: boolean; reason: string | null } | null = null;
  if (input.email) {
    const user = await findUserByEmail(deps.db, input.email);
    if (!user) check = { email: input.email, found: false, on: false, reason: null };
    else {
      const tier = await tierForFlags(deps, user.id);
      const decision = flagDecision(rule, { id: user.id, tier });
      check = { email: user.email, found: true, on: decision.on, reason: decision.reason };
    }
  }
  return { ...audience, sample, check };
}
