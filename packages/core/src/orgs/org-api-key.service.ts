import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@quartet/db/client";
import { assertAllowed } from "../billing/entitlements.service.ts";
import type { Deps, UserActor } from "../deps.ts";
import { requireMembership } from "./org-access.service.ts";
import * as repo from "./org-api-key.repository.ts";
import {
  API_KEY_PREFIX,
  type NewOrgApiKey,
  type OrgApiKeyInput,
  type OrgApiKeyStatus,
} from "./org-api-key.schema.ts";

/** Only the SHA-256 is stored: a database leak must not hand out working keys. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Creates (or replaces) the workspace API key; the old key stops working at once. Returns it once. */
export async function rotateOrgApiKey(
  deps: Deps,
  actor: UserActor,
  input: OrgApiKeyInput,
): Promise<NewOrgApiKey> {
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  // API access is a plan feature (billing): a refusal carries PLAN_LIMIT for the upgrade dialog.
  await assertAllowed(deps, input.orgId, "desk.apiAccess");
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  await repo.setApiKeyHash(deps.db, input.orgId, hashApiKey(key), deps.clock.now());
  deps.log.info({ orgId: input.orgId, userId: actor.userId }, "workspace API key rotated");
  return { key };
}

export async function revokeOrgApiKey(
  deps: Deps,
  actor: UserActor,
  input: OrgApiKeyInput,
): Promise<OrgApiKeyStatus> {
  await requireMembership(deps.db, input.orgId, actor.userId, "ADMIN");
  await repo.setApiKeyHash(deps.db, input.orgId, null, deps.clock.now());
  deps.log.info({ orgId: input.orgId, userId: actor.userId }, "workspace API key revoked");
  return { hasKey: false };
}

export async function orgApiKeyStatus(
  deps: Deps,
  actor: UserActor,
  input: OrgApiKeyInput,
): Promise<OrgApiKeyStatus> {
  await requireMembership(deps.db, input.orgId, actor.userId, "MEMBER");
  return { hasKey: (await repo.findApiKeyHash(deps.db, input.orgId)) !== null };
}

/** The org a bearer key belongs to, or null (wrong shape, unknown, revoked, workspace deleted). */
export async function findOrgIdByApiKey(db: DbOrTx, key: string): Promise<string | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  return repo.findLiveOrgIdByApiKeyHash(db, hashApiKey(key));
}
