import type { Tx } from "@quartet/db/client";
import type { TicketEvent, TicketEventDeps } from "./ticket-events.ts";

// In progress (issue 3): filled in by the slice that owns this file.
export async function mailOnTicketEvent(
  _tx: Tx,
  _deps: TicketEventDeps,
  _event: TicketEvent,
): Promise<void> {}
