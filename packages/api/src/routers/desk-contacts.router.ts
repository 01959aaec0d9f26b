import {
  contactIdInput,
  createContactInput,
  listContactsInput,
  mergeContactsInput,
  updateContactInput,
} from "@quartet/core/contacts/contact.schema";
import {
  createContact,
  getContact,
  listContacts,
  mergeContacts,
  updateContact,
} from "@quartet/core/contacts/contact.service";
import { orgProcedure, router } from "../trpc.ts";

/** Desk contacts (requesters): members read, agents (and above) add, edit and merge them. */
export const deskContactsRouter = router({
  list: orgProcedure("MEMBER")
    .input(listContactsInput)
    .query(({ ctx, input }) => listContacts(ctx.deps, ctx.actor, input)),
  get: orgProcedure("MEMBER")
    .input(contactIdInput)
    .query(({ ctx, input }) => getContact(ctx.deps, ctx.actor, input)),
  create: orgProcedure("AGENT")
    .input(createContactInput)
    .mutation(({ ctx, input }) => createContact(ctx.deps, ctx.actor, input)),
  update: orgProcedure("AGENT")
    .input(updateContactInput)
    .mutation(({ ctx, input }) => updateContact(ctx.deps, ctx.actor, input)),
  merge: orgProcedure("AGENT")
    .input(mergeContactsInput)
    .mutation(({ ctx, input }) => mergeContacts(ctx.deps, ctx.actor, input)),
});
