import { UiProvider } from "@quartet/ui/ui-provider";
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { AdminLayout } from "./components/admin-layout.tsx";
import { PageFallback } from "./components/page-fallback.tsx";
import { RequireAdmin } from "./components/require-admin.tsx";
import { announceUnauthorized, UnauthorizedRedirect, useAdmin } from "./lib/session.tsx";
import { TrpcProvider } from "./lib/trpc.ts";
import { NotFoundPage } from "./pages/not-found.page.tsx";
import { SignInPage } from "./pages/sign-in.page.tsx";

// Screens load on first visit, so the sign-in page stays small.
const UsersPage = lazy(() => import("./pages/users.page.tsx"));
const UserDetailPage = lazy(() => import("./pages/user-detail.page.tsx"));
const OrgsPage = lazy(() => import("./pages/orgs.page.tsx"));
const OrgDetailPage = lazy(() => import("./pages/org-detail.page.tsx"));
const AuditPage = lazy(() => import("./pages/audit.page.tsx"));
const OutboxPage = lazy(() => import("./pages/outbox.page.tsx"));
const ConfigPage = lazy(() => import("./pages/platform/config.page.tsx"));
const FlagsPage = lazy(() => import("./pages/platform/flags.page.tsx"));
const TasksPage = lazy(() => import("./pages/platform/tasks.page.tsx"));
const QueuesPage = lazy(() => import("./pages/platform/queues.page.tsx"));
const SystemPage = lazy(() => import("./pages/platform/system.page.tsx"));
const CampaignsPage = lazy(() => import("./pages/campaigns/campaigns.page.tsx"));
const CampaignPage = lazy(() => import("./pages/campaigns/campaign.page.tsx"));
const SeoPage = lazy(() => import("./pages/seo.page.tsx"));
const RevenuePage = lazy(() => import("./pages/billing/revenue.page.tsx"));
const ToolsUsagePage = lazy(() => import("./pages/tools-usage.page.tsx"));
const EncryptionKeysPage = lazy(() => import("./pages/security/encryption-keys.page.tsx"));
const InboxWebhooksPage = lazy(() => import("./pages/security/inbox-webhooks.page.tsx"));

export function App() {
  return (
    <TrpcProvider onUnauthorized={announceUnauthorized}>
      <ViewerTimeZone>
        <UnauthorizedRedirect />
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route element={<RequireAdmin />}>
            <Route element={<AdminLayout />}>
              <Route index element={<Navigate to="/users" replace />} />
              <Route path="users" element={<Lazy page={<UsersPage />} />} />
              <Route path="users/:userId" element={<Lazy page={<UserDetailPage />} />} />
              <Route path="orgs" element={<Lazy page={<OrgsPage />} />} />
              <Route path="orgs/:orgId" element={<Lazy page={<OrgDetailPage />} />} />
              <Route path="revenue" element={<Lazy page={<RevenuePage />} />} />
              <Route path="tools" element={<Lazy page={<ToolsUsagePage />} />} />
              <Route path="audit" element={<Lazy page={<AuditPage />} />} />
              <Route path="outbox" element={<Lazy page={<OutboxPage />} />} />
              <Route path="outbox/:mailId" element={<Lazy page={<OutboxPage />} />} />
              <Route path="config" element={<Lazy page={<ConfigPage />} />} />
              <Route path="flags" element={<Lazy page={<FlagsPage />} />} />
              <Route path="tasks" element={<Lazy page={<TasksPage />} />} />
              <Route path="queues" element={<Lazy page={<QueuesPage />} />} />
              <Route path="system" element={<Lazy page={<SystemPage />} />} />
              <Route path="security" element={<Lazy page={<EncryptionKeysPage />} />} />
              <Route path="inbox-webhooks" element={<Lazy page={<InboxWebhooksPage />} />} />
              <Route path="campaigns" element={<Lazy page={<CampaignsPage />} />} />
              <Route path="campaigns/new" element={<Lazy page={<CampaignPage />} />} />
              <Route path="campaigns/:campaignId" element={<Lazy page={<CampaignPage />} />} />
              <Route path="seo" element={<Lazy page={<SeoPage />} />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </ViewerTimeZone>
    </TrpcProvider>
  );
}

function Lazy({ page }: { page: React.ReactNode }) {
  return <Suspense fallback={<PageFallback />}>{page}</Suspense>;
}

/** Times read in the admin's own profile timezone once we know who is signed in. */
function ViewerTimeZone({ children }: { children: React.ReactNode }) {
  const admin = useAdmin();
  return <UiProvider timeZone={admin?.timezone}>{children}</UiProvider>;
}
