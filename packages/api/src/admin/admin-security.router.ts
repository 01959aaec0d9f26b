import { adminActorOf } from "@quartet/core/platform/admin-audit.schema";
import { secretKeysStatus, startSecretsReencryption } from "@quartet/core/security/secrets-admin.service";
import { adminProcedure, router } from "../trpc.ts";

/** Encryption key rotation: which keys stored secrets are under; re-encrypt them with the newest. */
export const adminSecurityRouter = router({
  secretKeys: adminProcedure.query(({ ctx }) => secretKeysStatus(ctx.deps, adminActorOf(ctx))),
  reencryptSecrets: adminProcedure.mutation(({ ctx }) =>
    startSecretsReencryption(ctx.deps, adminActorOf(ctx)),
  ),
});
