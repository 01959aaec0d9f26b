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
import {
  contactOverviewInput,
  eraseContactInput,
  exportContactInput,
} from "@quartet/core/contacts/contact-privacy.schema";
import {
  eraseContact,
  exportContact,
  getContactOverview,
} from "@quartet/core/contacts/contact-privacy.service";
import { orgProcedure, router } from "../trpc.ts";

/**
 * The workspace's contacts, shared by Desk (requesters) and Inbox (the person behind a
 * conversation): members read them and their overview, agents (and above) add, edit and merge
 * them, admins export or erase everything about one (GDPR).
 */
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
  /** The Inbox contact panel: identities, Desk tickets and conversations of one person. */
  overview: orgProcedure("MEMBER")
    .input(contactOverviewInput)
    .query(({ ctx, input }) => getContactOverview(ctx.deps, ctx.actor, input)),
  /** One JSON document of everything held about the contact (recorded in the privacy log). */
  export: orgProcedure("ADMIN")
    .input(exportContactInput)
    .mutation(({ ctx, input }) => exportContact(ctx.deps, ctx.actor, input)),
  erase: orgProcedure("ADMIN")
    .input(eraseContactInput)
    .mutation(({ ctx, input }) => eraseContact(ctx.deps, ctx.actor, input)),
});
