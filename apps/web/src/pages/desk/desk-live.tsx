import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { trpc } from "../../lib/trpc.ts";
import { useLiveRefetch } from "../../lib/use-live.ts";

// Desk on the live channel (`desk.ticket` events: ticketId, number, kind): the list and the open
// ticket refetch within moments of any agent's change, on whichever web process made it.

const TOPICS = ["desk.ticket"] as const;

/**
 * The ticket list, its view counts and the tag filter follow every ticket change. A component so
 * the list can load it after its first paint (lazily: it isn't part of the list's first download).
 */
export function LiveTicketList({ orgId }: { orgId: string }): null {
  useLiveTicketList(orgId);
  return null;
}

function useLiveTicketList(orgId: string): void {
  const utils = trpc.useUtils();
  useLiveRefetch(orgId, {
    topics: TOPICS,
    delayMs: 300,
    refetch: () => {
      void utils.deskTickets.list.invalidate({ orgId });
      void utils.deskViews.counts.invalidate({ orgId });
      void utils.deskTickets.tags.invalidate({ orgId });
    },
  });
}

/**
 * The open ticket follows its own changes (status, assignee, replies, notes). While the agent has
 * a reply in progress the conversation is not moved under them: the presence heartbeat is asked at
 * once instead, so the "new message after you opened this ticket" warning shows within a moment,
 * and the ticket refetches when the draft is sent or cleared. Returns the composer's callback.
 */
export function useLiveTicket(
  orgId: string,
  ticketId: string,
): { setComposing: (composing: boolean) => void } {
  const utils = trpc.useUtils();
  const queryClient = useQueryClient();
  const composing = useRef(false);
  const pending = useRef(false);
  const refetchTicket = useCallback(() => {
    pending.current = false;
    void utils.deskTickets.get.invalidate({ orgId, ticketId });
    void utils.deskFollowers.list.invalidate({ orgId, ticketId });
    void utils.deskFollowers.ccs.invalidate({ orgId, ticketId });
  }, [utils, orgId, ticketId]);

  useLiveRefetch(orgId, {
    topics: TOPICS,
    delayMs: 150,
    match: (event) => event.topic === "desk.ticket" && event.payload.ticketId === ticketId,
    refetch: () => {
      void queryClient.invalidateQueries({ queryKey: ["deskPresence", orgId, ticketId] });
      if (composing.current) pending.current = true;
      else refetchTicket();
    },
  });

  const setComposing = useCallback(
    (next: boolean) => {
      composing.current = next;
      if (!next && pending.current) refetchTicket();
    },
    [refetchTicket],
  );
  return { setComposing };
}
