import { adminAuditRouter } from "./admin/admin-audit.router.ts";
import { adminBillingRouter } from "./admin/admin-billing.router.ts";
import { adminCampaignsRouter } from "./admin/admin-campaigns.router.ts";
import { adminConfigRouter } from "./admin/admin-config.router.ts";
import { adminFlagsRouter } from "./admin/admin-flags.router.ts";
import { adminInboxWebhooksRouter } from "./admin/admin-inbox-webhooks.router.ts";
import { adminOrgsRouter } from "./admin/admin-orgs.router.ts";
import { adminOutboxRouter } from "./admin/admin-outbox.router.ts";
import { adminQueuesRouter } from "./admin/admin-queues.router.ts";
import { adminSecurityRouter } from "./admin/admin-security.router.ts";
import { adminSeoRouter } from "./admin/admin-seo.router.ts";
import { adminSystemRouter } from "./admin/admin-system.router.ts";
import { adminTasksRouter } from "./admin/admin-tasks.router.ts";
import { adminToolsRouter } from "./admin/admin-tools.router.ts";
import { adminUsersRouter } from "./admin/admin-users.router.ts";
import { authRouter } from "./routers/auth.router.ts";
import { platformRouter } from "./routers/platform.router.ts";
import { router } from "./trpc.ts";

/** The admin console's API, mounted only by apps/admin (sessions of kind ADMIN). */
export const adminRouter = router({
  auth: authRouter,
  users: adminUsersRouter,
  orgs: adminOrgsRouter,
  audit: adminAuditRouter,
  outbox: adminOutboxRouter,
  config: adminConfigRouter,
  flags: adminFlagsRouter,
  tasks: adminTasksRouter,
  queues: adminQueuesRouter,
  system: adminSystemRouter,
  platform: platformRouter,
  campaigns: adminCampaignsRouter,
  seo: adminSeoRouter,
  billing: adminBillingRouter,
  security: adminSecurityRouter,
  tools: adminToolsRouter,
  inboxWebhooks: adminInboxWebhooksRouter,
});

export type AdminRouter = typeof adminRouter;
