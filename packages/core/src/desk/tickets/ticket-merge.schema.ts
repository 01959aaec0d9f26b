import { z } from "zod";

export const mergeTicketsInput = z
  .object({
    orgId: z.uuid(),
    /** The ticket that disappears into the other one. */
    sourceId: z.uuid(),
    /** The survivor: it keeps its number and receives the conversation. */
    targetId: z.uuid(),
  })
  .refine((v) => v.sourceId !== v.targetId, {
    path: ["targetId"],
    message: "Choose another ticket: a ticket can't be merged into itself.",
  });
export type MergeTicketsInput = z.input<typeof mergeTicketsInput>;
