import { createContactEventBus } from "./contacts/contact-events.ts";
import { deskOnContactEvent } from "./contacts/contact-merge.events.ts";
import { automationOnTicketEvent } from "./desk/automation/automation.events.ts";
import { mailOnTicketEvent } from "./desk/mail/ticket-mail.service.ts";
import { notifyOnTicketEvent } from "./desk/notifications/desk-notify.service.ts";
import { newTicketOnTicketEvent } from "./desk/notifications/new-ticket-notify.handler.ts";
import { createTicketEventBus } from "./desk/tickets/ticket-events.ts";
import { liveOnTicketEvent } from "./desk/tickets/ticket-live.events.ts";
import { inboxOnContactEvent } from "./inbox/inbox-contact.events.ts";
import { inboxOnTicketEvent } from "./inbox/ticket-bridge/ticket-bridge.events.ts";

/** The domain event buses of one process, one per kind of event. */
export interface AppEvents {
  ticket: ReturnType<typeof createTicketEventBus>;
  contact: ReturnType<typeof createContactEventBus>;
}

/**
 * Where reactions meet events: each app builds its deps with this, so publishers import only the
 * event types and the bus, never the modules that react.
 */
export function createAppEvents(): AppEvents {
  const ticket = createTicketEventBus();
  ticket.subscribe(automationOnTicketEvent);
  ticket.subscribe(mailOnTicketEvent);
  ticket.subscribe(notifyOnTicketEvent);
  ticket.subscribe(newTicketOnTicketEvent);
  ticket.subscribe(liveOnTicketEvent);
  // A ticket made from an Inbox conversation answers the customer there (a DM, not a mail).
  ticket.subscribe(inboxOnTicketEvent);
  const contact = createContactEventBus();
  contact.subscribe(deskOnContactEvent);
  // Open inbox screens show the contact that stays.
  contact.subscribe(inboxOnContactEvent);
  return { ticket, contact };
}
