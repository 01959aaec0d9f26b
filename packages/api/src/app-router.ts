import { authRouter } from "./routers/auth.router.ts";
import { deskContactsRouter } from "./routers/desk-contacts.router.ts";
import { deskSlaRouter } from "./routers/desk-sla.router.ts";
import { deskTeamsRouter } from "./routers/desk-teams.router.ts";
import { deskTicketsRouter } from "./routers/desk-tickets.router.ts";
import { meRouter } from "./routers/me.router.ts";
import { membersRouter } from "./routers/members.router.ts";
import { notificationsRouter } from "./routers/notifications.router.ts";
import { orgsRouter } from "./routers/orgs.router.ts";
import { sessionsRouter } from "./routers/sessions.router.ts";
import { router } from "./trpc.ts";

/** The customer app's API, mounted at /trpc by apps/web. */
export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  orgs: orgsRouter,
  members: membersRouter,
  sessions: sessionsRouter,
  notifications: notificationsRouter,
  deskTickets: deskTicketsRouter,
  deskSla: deskSlaRouter,
  deskTeams: deskTeamsRouter,
  deskContacts: deskContactsRouter,
});

export type AppRouter = typeof appRouter;
