import {
  assignCustomerInput,
  createCustomerInput,
  customerIdInput,
} from "@quartet/core/publish/customers/customer.schema";
import {
  assignCustomer,
  createCustomer,
  deleteCustomer,
  listCustomers,
} from "@quartet/core/publish/customers/customer.service";
import { z } from "zod";
import { orgProcedure, router } from "../trpc.ts";

/** Publish → Customers: channels grouped per client; admins manage them. */
export const publishCustomersRouter = router({
  list: orgProcedure("MEMBER")
    .input(z.object({ orgId: z.uuid() }))
    .query(({ ctx, input }) => listCustomers(ctx.deps, ctx.actor, input)),
  create: orgProcedure("ADMIN")
    .input(createCustomerInput)
    .mutation(({ ctx, input }) => createCustomer(ctx.deps, ctx.actor, input)),
  delete: orgProcedure("ADMIN")
    .input(customerIdInput)
    .mutation(({ ctx, input }) => deleteCustomer(ctx.deps, ctx.actor, input)),
  assign: orgProcedure("ADMIN")
    .input(assignCustomerInput)
    .mutation(({ ctx, input }) => assignCustomer(ctx.deps, ctx.actor, input)),
});
