import { z } from "zod";

export const ticketFollowersInput = z.object({ orgId: z.uuid(), ticketId: z.uuid() });
export type TicketFollowersInput = z.input<typeof ticketFollowersInput>;

/** Follow (or stop following) a ticket: the caller, or another agent of the workspace with `userId`. */
export const followTicketInput = z.object({
  orgId: z.uuid(),
  ticketId: z.uuid(),
  userId: z.uuid().optional(),
});
export type FollowTicketInput = z.input<typeof followTicketInput>;

export interface TicketFollowerDto {
  userId: string;
  name: string | null;
  email: string;
  avatarUrl: string | null;
  createdAt: Date;
}

export interface TicketFollowersDto {
  followers: TicketFollowerDto[];
  /** Whether the caller follows the ticket. */
  following: boolean;
}
