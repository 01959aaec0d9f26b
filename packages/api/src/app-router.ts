import { authRouter } from "./routers/auth.router.ts";
import { billingRouter } from "./routers/billing.router.ts";
import { billingOverviewRouter } from "./routers/billing-overview.router.ts";
import { deskAutomationRouter } from "./routers/desk-automation.router.ts";
import { deskContactsRouter } from "./routers/desk-contacts.router.ts";
import { deskFieldsRouter } from "./routers/desk-fields.router.ts";
import { deskFollowersRouter } from "./routers/desk-followers.router.ts";
import { deskKbRouter } from "./routers/desk-kb.router.ts";
import { deskMacrosRouter } from "./routers/desk-macros.router.ts";
import { deskNotesRouter } from "./routers/desk-notes.router.ts";
import { deskPresenceRouter } from "./routers/desk-presence.router.ts";
import { deskReportsRouter } from "./routers/desk-reports.router.ts";
import { deskSettingsRouter } from "./routers/desk-settings.router.ts";
import { deskSetupRouter } from "./routers/desk-setup.router.ts";
import { deskSlaRouter } from "./routers/desk-sla.router.ts";
import { deskTeamsRouter } from "./routers/desk-teams.router.ts";
import { deskTicketsRouter } from "./routers/desk-tickets.router.ts";
import { deskViewsRouter } from "./routers/desk-views.router.ts";
import { helpRouter } from "./routers/help.router.ts";
import { inboxAnalyticsRouter } from "./routers/inbox-analytics.router.ts";
import { inboxCannedRouter } from "./routers/inbox-canned.router.ts";
import { inboxConnectionsRouter } from "./routers/inbox-connections.router.ts";
import { inboxConversationsRouter } from "./routers/inbox-conversations.router.ts";
import { inboxLabelsRouter } from "./routers/inbox-labels.router.ts";
import { inboxMessagesRouter } from "./routers/inbox-messages.router.ts";
import { inboxNotesRouter } from "./routers/inbox-notes.router.ts";
import { inboxSandboxRouter } from "./routers/inbox-sandbox.router.ts";
import { marketingConsentRouter } from "./routers/marketing-consent.router.ts";
import { meRouter } from "./routers/me.router.ts";
import { membersRouter } from "./routers/members.router.ts";
import { notificationPreferencesRouter } from "./routers/notification-preferences.router.ts";
import { notificationsRouter } from "./routers/notifications.router.ts";
import { orgApiKeyRouter } from "./routers/org-api-key.router.ts";
import { orgsRouter } from "./routers/orgs.router.ts";
import { platformRouter } from "./routers/platform.router.ts";
import { publishChannelsRouter } from "./routers/publish-channels.router.ts";
import { publishCommentsRouter } from "./routers/publish-comments.router.ts";
import { publishCustomersRouter } from "./routers/publish-customers.router.ts";
import { publishErrorsRouter } from "./routers/publish-errors.router.ts";
import { publishMediaRouter } from "./routers/publish-media.router.ts";
import { publishPostsRouter, publishSetsRouter } from "./routers/publish-posts.router.ts";
import { publishSignaturesRouter } from "./routers/publish-signatures.router.ts";
import { publishTagsRouter } from "./routers/publish-tags.router.ts";
import { publishWebhooksRouter } from "./routers/publish-webhooks.router.ts";
import { realtimeRouter } from "./routers/realtime.router.ts";
import { sessionsRouter } from "./routers/sessions.router.ts";
import { signInMethodsRouter } from "./routers/sign-in-methods.router.ts";
import { toolsAccessRouter } from "./routers/tools-access.router.ts";
import { toolsCatalogRouter } from "./routers/tools-catalog.router.ts";
import { toolsJobsRouter } from "./routers/tools-jobs.router.ts";
import { router } from "./trpc.ts";

/** The customer app's API, mounted at /trpc by apps/web. */
export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  orgs: orgsRouter,
  members: membersRouter,
  sessions: sessionsRouter,
  signInMethods: signInMethodsRouter,
  notifications: notificationsRouter,
  notificationPreferences: notificationPreferencesRouter,
  marketingConsent: marketingConsentRouter,
  deskTickets: deskTicketsRouter,
  deskViews: deskViewsRouter,
  deskFollowers: deskFollowersRouter,
  deskMacros: deskMacrosRouter,
  deskFields: deskFieldsRouter,
  deskKb: deskKbRouter,
  help: helpRouter,
  deskSla: deskSlaRouter,
  deskSettings: deskSettingsRouter,
  deskSetup: deskSetupRouter,
  deskTeams: deskTeamsRouter,
  deskContacts: deskContactsRouter,
  deskNotes: deskNotesRouter,
  deskPresence: deskPresenceRouter,
  deskAutomation: deskAutomationRouter,
  deskReports: deskReportsRouter,
  orgApiKey: orgApiKeyRouter,
  platform: platformRouter,
  billing: billingRouter,
  billingOverview: billingOverviewRouter,
  inboxConnections: inboxConnectionsRouter,
  inboxConversations: inboxConversationsRouter,
  inboxMessages: inboxMessagesRouter,
  inboxLabels: inboxLabelsRouter,
  inboxNotes: inboxNotesRouter,
  inboxCanned: inboxCannedRouter,
  inboxAnalytics: inboxAnalyticsRouter,
  realtime: realtimeRouter,
  inboxSandbox: inboxSandboxRouter,
  publishChannels: publishChannelsRouter,
  publishPosts: publishPostsRouter,
  publishSets: publishSetsRouter,
  publishErrors: publishErrorsRouter,
  publishTags: publishTagsRouter,
  publishSignatures: publishSignaturesRouter,
  publishComments: publishCommentsRouter,
  publishCustomers: publishCustomersRouter,
  publishMedia: publishMediaRouter,
  publishWebhooks: publishWebhooksRouter,
  toolsCatalog: toolsCatalogRouter,
  toolsAccess: toolsAccessRouter,
  toolsJobs: toolsJobsRouter,
});

export type AppRouter = typeof appRouter;
