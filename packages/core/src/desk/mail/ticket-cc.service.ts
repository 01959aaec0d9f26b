import type { Tx } from "@quartet/db/client";
import type { AppConfig, Deps, UserActor } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { requireMembership } from "../../orgs/org-access.service.ts";
import * as tickets from "../tickets/ticket.repository.ts";
import * as repo from "./ticket-cc.repository.ts";
import {
  type ListTicketCcsInput,
  listTicketCcsInput,
  type SetTicketCcsInput,
  setTicketCcsInput,
  TICKET_CC_MAX,
  type TicketCcDto,
} from "./ticket-cc.schema.ts";

// Customer CCs of a ticket: addresses copied on its mail besides the requester. Agent replies go
// To the requester with Cc to them (ticket-mail.service.ts); a reply from one lands on the ticket
// (by its threading headers, or the `[#n]` subject tag, see email-inbound.service.ts).

const ticketNotFound = () => new AppError("NOT_FOUND", "Ticket not found.");

/** The address part of `Name <address>` (or the whole value), lower-cased. */
const addressOf = (mailbox: string) => (/<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();

/** Why an address can't be a customer CC (a help desk address would loop), or null when it can. */
function deskAddressReason(
  config: Pick<AppConfig, "inboundEmailDomain" | "mailFrom">,
  email: string,
): "inbound" | null {
  const e = email.toLowerCase();
  if (e.endsWith(`@${config.inboundEmailDomain.toLowerCase()}`) || e === addressOf(config.mailFrom))
    return "inbound";
  return null;
}

/** The ticket's copied addresses (members of the workspace may read them). */
export async function listTicketCcs(
  deps: Deps,
  actor: UserActor,
  rawInput: ListTicketCcsInput,
): Promise<TicketCcDto[]> {
  const input = listTicketCcsInput.parse(rawInput);
  await requireMembership(deps.db, input.orgId, actor, "MEMBER");
  if (!(await repo.findTicketRequester(deps.db, input.orgId, input.ticketId))) throw ticketNotFound();
  return repo.findTicketCcs(deps.db, input.orgId, input.ticketId);
}

/**
 * An agent sets the ticket's copied addresses (the whole list). Refused: the requester (they get
 * every reply anyway), a help desk address (mail would loop) and the workspace's agents (they
 * follow the ticket instead). Recorded in the ticket's activity.
 */
export async function setTicketCcs(
  deps: Deps,
  actor: UserActor,
  rawInput: SetTicketCcsInput,
): Promise<TicketCcDto[]> {
  const input = setTicketCcsInput.parse(rawInput);
  return deps.db.$transaction(async (tx) => {
    await requireMembership(tx, input.orgId, actor, "AGENT");
    const locked = await tickets.lockTicket(tx, input.orgId, input.ticketId);
    if (!locked) throw ticketNotFound();
    const ticket = await repo.findTicketRequester(tx, input.orgId, input.ticketId);
    const requester = ticket?.contact.email?.toLowerCase() ?? null;
    const agents = await repo.findAgentEmails(
      tx,
      input.orgId,
      input.ccs.map((c) => c.email),
    );
    for (const cc of input.ccs) {
      // The reason lets the app say it in the agent's language.
      const refuse = (message: string, reason: string) =>
        new AppError("BAD_REQUEST", message, { ccs: message }, reason);
      if (cc.email === requester)
        throw refuse(`${cc.email} is the requester: they receive every reply.`, "CC_IS_REQUESTER");
      if (deskAddressReason(deps.config, cc.email))
        throw refuse(
          `${cc.email} is a help desk address: copying it would make mail loop.`,
          "CC_IS_DESK_ADDRESS",
        );
      if (agents.has(cc.email))
        throw refuse(
          `${cc.email} is an agent of this workspace: add them as a follower instead.`,
          "CC_IS_AGENT",
        );
    }
    const before = await repo.findTicketCcs(tx, input.orgId, input.ticketId);
    const now = deps.clock.now();
    const emails = input.ccs.map((c) => c.email);
    await repo.deleteTicketCcsExcept(tx, input.orgId, input.ticketId, emails);
    await repo.insertTicketCcs(tx, {
      orgId: input.orgId,
      ticketId: input.ticketId,
      ccs: input.ccs.map((c) => ({ email: c.email, name: c.name ?? null })),
      now,
    });
    for (const cc of input.ccs) {
      const old = before.find((b) => b.email === cc.email);
      if (old && cc.name !== undefined && (cc.name ?? null) !== old.name)
        await repo.updateTicketCcName(tx, input.orgId, input.ticketId, cc.email, cc.name ?? null);
    }
    const beforeEmails = before.map((b) => b.email);
    const changed = beforeEmails.length !== emails.length || beforeEmails.some((e) => !emails.includes(e));
    if (changed) {
      await tickets.insertActivities(tx, [
        {
          orgId: input.orgId,
          ticketId: input.ticketId,
          actorId: actor.userId,
          actionType: "ccs_changed",
          oldValue: beforeEmails,
          newValue: emails,
          now,
        },
      ]);
    }
    return repo.findTicketCcs(tx, input.orgId, input.ticketId);
  });
}

/**
 * Keeps the other recipients of a customer's mail (its To and Cc, besides the sender, the requester,
 * help desk addresses and the workspace's agents) as the ticket's CCs, up to TICKET_CC_MAX in all.
 * Returns how many were added.
 */
export async function keepMailCcs(
  tx: Tx,
  deps: Pick<Deps, "clock" | "config">,
  input: {
    orgId: string;
    ticketId: string;
    sender: string;
    addresses: readonly { address: string; name: string | null }[];
  },
): Promise<number> {
  const ticket = await repo.findTicketRequester(tx, input.orgId, input.ticketId);
  if (!ticket) return 0;
  const skip = new Set([input.sender.toLowerCase(), ticket.contact.email?.toLowerCase()]);
  const candidates = new Map<string, string | null>();
  for (const a of input.addresses) {
    const email = a.address.toLowerCase();
    if (skip.has(email) || candidates.has(email) || deskAddressReason(deps.config, email)) continue;
    candidates.set(email, a.name);
  }
  if (candidates.size === 0) return 0;
  const agents = await repo.findAgentEmails(tx, input.orgId, [...candidates.keys()]);
  const existing = await repo.findTicketCcs(tx, input.orgId, input.ticketId);
  const known = new Set(existing.map((c) => c.email));
  const fresh = [...candidates]
    .filter(([email]) => !agents.has(email) && !known.has(email))
    .slice(0, Math.max(0, TICKET_CC_MAX - existing.length))
    .map(([email, name]) => ({ email, name }));
  return repo.insertTicketCcs(tx, {
    orgId: input.orgId,
    ticketId: input.ticketId,
    ccs: fresh,
    now: deps.clock.now(),
  });
}

/** The addresses an agent's reply is copied to: the ticket's CCs, never the requester. */
export async function replyCcAddresses(
  tx: Tx,
  orgId: string,
  ticketId: string,
  requester: string,
): Promise<string[]> {
  const ccs = await repo.findTicketCcs(tx, orgId, ticketId);
  return ccs.map((c) => c.email).filter((e) => e !== requester.toLowerCase());
}
