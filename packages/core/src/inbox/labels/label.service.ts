import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as repo from "./label.repository.ts";
import {
  type CreateLabelInput,
  createLabelInput,
  type LabelDto,
  type LabelIdInput,
  type ListLabelsInput,
  labelIdInput,
  listLabelsInput,
  type UpdateLabelInput,
  updateLabelInput,
} from "./label.schema.ts";

const labelNotFound = () => new AppError("NOT_FOUND", "Label not found.");
const nameTaken = () =>
  new AppError("CONFLICT", "A label with this name already exists.", { name: "This name is already used." });

const toDto = (r: Awaited<ReturnType<typeof repo.listLabelRows>>[number]): LabelDto => ({
  id: r.id,
  name: r.name,
  color: r.color,
  conversationCount: r._count.conversations,
});

/** The workspace's labels, by name, with how many conversations carry each. */
export async function listLabels(
  deps: Deps,
  actor: UserActor,
  rawInput: ListLabelsInput,
): Promise<LabelDto[]> {
  const input = listLabelsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  return (await repo.listLabelRows(deps.db, input.orgId)).map(toDto);
}

export async function createLabel(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateLabelInput,
): Promise<LabelDto> {
  const input = createLabelInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  try {
    const row = await repo.insertLabel(deps.db, { ...input, now: deps.clock.now() });
    return { ...row, conversationCount: 0 };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateLabel(
  deps: Deps,
  actor: UserActor,
  rawInput: UpdateLabelInput,
): Promise<LabelDto> {
  const input = updateLabelInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  try {
    const updated = await repo.updateLabelRow(deps.db, input.orgId, input.labelId, {
      name: input.name,
      color: input.color,
    });
    if (!updated) throw labelNotFound();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  const row = await repo.findLabelRow(deps.db, input.orgId, input.labelId);
  if (!row) throw labelNotFound();
  return toDto(row);
}

/** Deletes the label; the conversations that carried it simply lose it. */
export async function deleteLabel(
  deps: Deps,
  actor: UserActor,
  rawInput: LabelIdInput,
): Promise<{ ok: true }> {
  const input = labelIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "AGENT");
  if (!(await repo.deleteLabelRow(deps.db, input.orgId, input.labelId))) throw labelNotFound();
  return { ok: true };
}
