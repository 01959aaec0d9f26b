import type { Tx } from "@quartet/db/client";
import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type CreateSignatureInput,
  createSignatureInput,
  type SignatureIdInput,
  type SignatureItem,
  signatureIdInput,
  type UpdateSignatureInput,
  updateSignatureInput,
} from "./signature.schema.ts";

// Signatures: any member manages them. At most one is added automatically to new posts (a partial
// unique index holds it): choosing another turns the previous one off in the same transaction.

const select = { id: true, content: true, autoAdd: true } as const;
const notFound = () => new AppError("NOT_FOUND", "Signature not found.");

const clearAutoAdd = (tx: Tx, orgId: string) =>
  tx.signatures.updateMany({
    where: { organizationId: orgId, autoAdd: true, deletedAt: null },
    data: { autoAdd: false },
  });

export async function listSignatures(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<SignatureItem[]> {
  const { orgId } = signatureIdInput.pick({ orgId: true }).parse(rawInput);
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  return deps.db.signatures.findMany({
    where: { organizationId: orgId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select,
  });
}

export async function createSignature(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateSignatureInput,
): Promise<SignatureItem> {
  const input = createSignatureInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  return deps.db.$transaction(async (tx) => {
    if (input.autoAdd) await clearAutoAdd(tx, input.orgId);
    return tx.signatures.create({
      data: { organizationId: input.orgId, content: input.content, autoAdd: input.autoAdd },
      select,
    });
  });
}

export async function updateSignature(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateSignatureInput,
): Promise<SignatureItem> {
  const input = updateSignatureInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  return deps.db.$transaction(async (tx) => {
    const row = await tx.signatures.findFirst({
      where: { id: input.signatureId, organizationId: input.orgId, deletedAt: null },
      select: { id: true },
    });
    if (!row) throw notFound();
    if (input.autoAdd) await clearAutoAdd(tx, input.orgId);
    return tx.signatures.update({
      where: { id: row.id },
      data: { content: input.content, autoAdd: input.autoAdd },
      select,
    });
  });
}

export async function deleteSignature(deps: Deps, actor: UserActor, rawInput: SignatureIdInput) {
  const input = signatureIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  const gone = await deps.db.signatures.updateMany({
    where: { id: input.signatureId, organizationId: input.orgId, deletedAt: null },
    data: { deletedAt: deps.clock.now(), autoAdd: false },
  });
  if (gone.count === 0) throw notFound();
  return { ok: true as const };
}
