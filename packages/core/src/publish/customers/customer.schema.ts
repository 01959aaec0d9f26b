import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of customers (channels grouped per client).

export const createCustomerInput = z.object({
  orgId: z.uuid(),
  name: text().trim().min(1, "Give the customer a name.").max(200, "At most 200 characters."),
});
export type CreateCustomerInput = z.infer<typeof createCustomerInput>;
export const customerIdInput = z.object({ orgId: z.uuid(), customerId: z.uuid() });
export type CustomerIdInput = z.infer<typeof customerIdInput>;
export const assignCustomerInput = z.object({
  orgId: z.uuid(),
  channelId: z.uuid(),
  /** null: no customer. */
  customerId: z.uuid().nullable(),
});
export type AssignCustomerInput = z.infer<typeof assignCustomerInput>;

export interface CustomerItem {
  id: string;
  name: string;
  channelCount: number;
}
