import type { Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { isUniqueViolation } from "../../identity/identity.shared.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import {
  type AssignCustomerInput,
  assignCustomerInput,
  type CreateCustomerInput,
  type CustomerIdInput,
  type CustomerItem,
  createCustomerInput,
  customerIdInput,
} from "./customer.schema.ts";

// Customers (Postiz): a workspace groups its channels per client. One live customer per name
// (case-insensitive, a partial unique index). ADMIN manages them; everyone sees them.

const notFound = () => new AppError("NOT_FOUND", "Customer not found.");

export async function listCustomers(
  deps: Deps,
  actor: UserActor,
  rawInput: { orgId: string },
): Promise<CustomerItem[]> {
  const { orgId } = customerIdInput.pick({ orgId: true }).parse(rawInput);
  await requireMembership(deps.db, orgId, actor, "MEMBER");
  const rows = await deps.db.customer.findMany({
    where: { organizationId: orgId, deletedAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, _count: { select: { integrations: { where: { deletedAt: null } } } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, channelCount: r._count.integrations }));
}

export async function createCustomer(
  deps: Deps,
  actor: UserActor,
  rawInput: CreateCustomerInput,
): Promise<CustomerItem> {
  const input = createCustomerInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  try {
    const row = await deps.db.customer.create({
      data: { organizationId: input.orgId, name: input.name },
      select: { id: true, name: true },
    });
    return { ...row, channelCount: 0 };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const message = "A customer with this name exists.";
    throw new AppError("CONFLICT", message, { name: message });
  }
}

export async function deleteCustomer(deps: Deps, actor: UserActor, rawInput: CustomerIdInput) {
  const input = customerIdInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  await deps.db.$transaction(async (tx) => {
    const gone = await tx.customer.updateMany({
      where: { id: input.customerId, organizationId: input.orgId, deletedAt: null },
      data: { deletedAt: deps.clock.now() },
    });
    if (gone.count === 0) throw notFound();
    await tx.integration.updateMany({ where: { customerId: input.customerId }, data: { customerId: null } });
  });
  return { ok: true as const };
}

export async function assignCustomer(deps: Deps, actor: UserActor, rawInput: AssignCustomerInput) {
  const input = assignCustomerInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "ADMIN");
  if (input.customerId) {
    const customer = await deps.db.customer.findFirst({
      where: { id: input.customerId, organizationId: input.orgId, deletedAt: null },
      select: { id: true },
    });
    if (!customer) throw notFound();
  }
  const moved = await deps.db.integration.updateMany({
    where: { id: input.channelId, organizationId: input.orgId, deletedAt: null },
    data: { customerId: input.customerId },
  });
  if (moved.count === 0) throw new AppError("NOT_FOUND", "Channel not found.");
  return { ok: true as const };
}
