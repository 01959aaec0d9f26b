import { securityReencryptSecretsJob } from "@quartet/jobs/definitions";
import { enqueue } from "@quartet/jobs/queue";
import type { Deps } from "../deps.ts";
import { insertAuditLog } from "../platform/admin-audit.repository.ts";
import type { AdminActor } from "../platform/admin-audit.schema.ts";
import { type SecretKeyUsage, secretKeyUsage } from "./reencrypt-secrets.handler.ts";

// The admin console's side of a key rotation: which keys the stored secrets are under, and the
// button that queues `security.reencrypt-secrets` (audited).

export function secretKeysStatus(
  deps: Pick<Deps, "db" | "config">,
  _actor: AdminActor,
): Promise<SecretKeyUsage> {
  return secretKeyUsage(deps);
}

export async function startSecretsReencryption(
  deps: Pick<Deps, "db" | "boss" | "config">,
  actor: AdminActor,
): Promise<{ jobId: string | null; remaining: number }> {
  const usage = await secretKeyUsage(deps);
  const jobId = await deps.db.$transaction(async (tx) => {
    const id = await enqueue(deps.boss, tx, securityReencryptSecretsJob, {});
    await insertAuditLog(tx, actor, {
      action: "security.reencrypt_secrets",
      entityType: "security",
      entityId: usage.primaryKeyId,
      changes: { before: { remaining: usage.remaining }, after: { jobId: id } },
    });
    return id;
  });
  return { jobId, remaining: usage.remaining };
}
