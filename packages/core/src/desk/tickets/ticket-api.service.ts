import type { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../errors.ts";
import { findApiTicketByNumber } from "./ticket-api.repository.ts";
import { type ApiTicket, apiCreateTicketInput, apiTicketNumberInput } from "./ticket-api.schema.ts";
import { createCustomerTicket } from "./ticket-customer.service.ts";

// The Tickets REST API, for a workspace already authenticated by its API key (the HTTP layer
// resolves the key to `orgId`). Input arrives raw from the wire, so it is validated here.

function badRequest(error: z.ZodError, message: string): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
  return new AppError("BAD_REQUEST", message, fieldErrors);
}

/** Opens a ticket on the API channel for the requester (a Contact found or created by email). */
export async function createTicketViaApi(
  deps: Deps,
  orgId: string,
  body: unknown,
): Promise<{ id: string; number: number }> {
  const parsed = apiCreateTicketInput.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(parsed.error, "Some fields are missing or invalid.");
  const input = parsed.data;
  const created = await deps.db.$transaction((tx) =>
    createCustomerTicket(tx, deps, {
      orgId,
      subject: input.subject,
      description: input.description,
      requester: { email: input.requester.email, name: input.requester.name ?? null },
      channel: "API",
    }),
  );
  return { id: created.ticketId, number: created.number };
}

/** One ticket of the workspace by its number; another workspace's number is simply not found. */
export async function getTicketViaApi(deps: Deps, orgId: string, rawNumber: string): Promise<ApiTicket> {
  const parsed = apiTicketNumberInput.safeParse(rawNumber);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Use the ticket number, e.g. 42.";
    throw new AppError("BAD_REQUEST", message, { number: message });
  }
  const ticket = await findApiTicketByNumber(deps.db, orgId, parsed.data);
  if (!ticket) throw new AppError("NOT_FOUND", "Ticket not found.");
  return {
    ...ticket,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}
