import { z } from "zod";
import { text } from "../../text-input.ts";

// Inputs and DTOs of signatures (text appended to posts; one may be added automatically).

const content = text().trim().min(1, "Write the signature.").max(2000, "At most 2000 characters.");

export const createSignatureInput = z.object({
  orgId: z.uuid(),
  content,
  autoAdd: z.boolean().default(false),
});
export type CreateSignatureInput = z.input<typeof createSignatureInput>;
export const updateSignatureInput = z.object({
  orgId: z.uuid(),
  signatureId: z.uuid(),
  content: content.optional(),
  autoAdd: z.boolean().optional(),
});
export type UpdateSignatureInput = z.infer<typeof updateSignatureInput>;
export const signatureIdInput = z.object({ orgId: z.uuid(), signatureId: z.uuid() });
export type SignatureIdInput = z.infer<typeof signatureIdInput>;

export interface SignatureItem {
  id: string;
  content: string;
  autoAdd: boolean;
}
