import type { ComponentType } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { loadAreas } from "./i18n/index.ts";
import type { LazyArea } from "./i18n/lazy-areas.ts";
import { prefetchSignedIn, prefetchTicketList } from "./lib/prefetch.ts";
import { NotFoundPage, RouteErrorPage } from "./pages/not-found.tsx";

/**
 * Every screen is its own chunk, loaded when its route matches (parents and children in
 * parallel): the sign-in page and the help center don't carry the charts, editors and settings.
 * A screen's own strings (`areas`) arrive with it.
 */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K, areas: readonly LazyArea[] = []) {
  return async () => {
    const [module] = await Promise.all([load(), loadAreas(areas)]);
    return { Component: module[name] as ComponentType };
  };
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    // While the first screen's chunk loads: an empty page in the theme's background.
    hydrateFallbackElement: <div className="min-h-dvh" />,
    children: [
      // Signed out (each redirects away when a session exists, except the link targets).
      { path: "/sign-in", lazy: page(() => import("./pages/auth/sign-in.tsx"), "SignInPage") },
      { path: "/sign-up", lazy: page(() => import("./pages/auth/sign-up.tsx"), "SignUpPage") },
      { path: "/check-email", lazy: page(() => import("./pages/auth/check-email.tsx"), "CheckEmailPage") },
      { path: "/verify-email", lazy: page(() => import("./pages/auth/verify-email.tsx"), "VerifyEmailPage") },
      {
        path: "/forgot-password",
        lazy: page(() => import("./pages/auth/forgot-password.tsx"), "ForgotPasswordPage"),
      },
      {
        path: "/reset-password",
        lazy: page(() => import("./pages/auth/reset-password.tsx"), "ResetPasswordPage"),
      },
      { path: "/invite", lazy: page(() => import("./pages/auth/invite.tsx"), "InvitePage") },
      // Public plans and prices (signed in or not).
      {
        path: "/pricing",
        lazy: page(() => import("./pages/billing/pricing-page.tsx"), "PricingPage", ["billing"]),
      },
      // Public file tools (guests too; signed-in people reach them from the app's navigation).
      {
        path: "/tools",
        // One chunk for the area (the grid and a tool's page share nearly all their code).
        lazy: page(() => import("./pages/tools/tools-routes.ts"), "ToolsLayout", ["tools"]),
        children: [
          { index: true, lazy: page(() => import("./pages/tools/tools-routes.ts"), "ToolsHomePage") },
          // The upgrade path (Day Pass button) uses the billing strings.
          {
            path: ":slug",
            lazy: page(() => import("./pages/tools/tools-routes.ts"), "ToolPage", ["billing"]),
          },
        ],
      },
      // Public help center of a workspace: no account, outside the signed-in layout.
      {
        path: "/help/:slug",
        lazy: page(() => import("./pages/help/help-layout.tsx"), "HelpLayout", ["help"]),
        children: [
          { index: true, lazy: page(() => import("./pages/help/help-home.tsx"), "HelpHomePage") },
          { path: "search", lazy: page(() => import("./pages/help/help-search.tsx"), "HelpSearchPage") },
          {
            path: "categories/:categorySlug",
            lazy: page(() => import("./pages/help/help-category.tsx"), "HelpCategoryPage"),
          },
          {
            path: "articles/:articleSlug",
            lazy: page(() => import("./pages/help/help-article.tsx"), "HelpArticlePage"),
          },
          { path: "contact", lazy: page(() => import("./pages/help/help-contact.tsx"), "HelpContactPage") },
          {
            path: "tickets/:ticketId",
            lazy: page(() => import("./pages/help/help-ticket.tsx"), "HelpTicketPage"),
          },
          {
            path: "tickets/:ticketId/feedback",
            lazy: page(() => import("./pages/help/help-feedback.tsx"), "HelpFeedbackPage"),
          },
        ],
      },
      // Signed in.
      {
        path: "/",
        lazy: page(() => import("./pages/app-layout.tsx"), "AppLayout"),
        loader: prefetchSignedIn,
        shouldRevalidate: () => false,
        children: [
          { index: true, lazy: page(() => import("./pages/home-redirect.tsx"), "HomeRedirect") },
          {
            path: "w/:slug",
            lazy: page(() => import("./pages/workspace/workspace-layout.tsx"), "WorkspaceLayout"),
            children: [
              {
                index: true,
                lazy: page(() => import("./pages/workspace/workspace-home.tsx"), "WorkspaceHomePage"),
              },
              { path: "members", lazy: page(() => import("./pages/workspace/members.tsx"), "MembersPage") },
              {
                path: "settings",
                lazy: page(
                  () => import("./pages/workspace/workspace-settings.tsx"),
                  "WorkspaceSettingsPage",
                  ["billing"],
                ),
              },
              {
                path: "settings/billing",
                lazy: page(() => import("./pages/billing/billing-settings.tsx"), "BillingSettingsPage", [
                  "billing",
                ]),
              },
              {
                path: "inbox/sandbox",
                lazy: page(() => import("./pages/inbox/sandbox/sandbox-page.tsx"), "SandboxPage", [
                  "inboxSandbox",
                ]),
              },
              {
                path: "desk",
                lazy: page(() => import("./pages/desk/tickets-list.tsx"), "TicketsListPage"),
                loader: prefetchTicketList,
              },
              {
                path: "desk/:ticketId",
                lazy: page(() => import("./pages/desk/ticket-detail.tsx"), "TicketDetailPage", [
                  "kb",
                  "contacts",
                  "macros",
                  "presence",
                ]),
              },
              {
                path: "desk/reports",
                lazy: page(() => import("./pages/desk/reports/reports-page.tsx"), "ReportsPage", ["reports"]),
              },
              {
                path: "desk/contacts",
                lazy: page(() => import("./pages/desk/contacts/contacts-list.tsx"), "ContactsListPage", [
                  "contacts",
                ]),
              },
              {
                path: "desk/contacts/:contactId",
                lazy: page(() => import("./pages/desk/contacts/contact-detail.tsx"), "ContactDetailPage", [
                  "contacts",
                ]),
              },
              { path: "desk/kb", lazy: page(() => import("./pages/desk/kb/kb-page.tsx"), "KbPage", ["kb"]) },
              {
                path: "desk/kb/articles/new",
                lazy: page(() => import("./pages/desk/kb/kb-editor.tsx"), "KbArticleNewPage", ["kb"]),
              },
              {
                path: "desk/kb/articles/:articleId",
                lazy: page(() => import("./pages/desk/kb/kb-editor.tsx"), "KbArticleEditPage", ["kb"]),
              },
              // Inbox: one route for the three panes (the open conversation is a child, so the
              // list stays mounted while moving between conversations).
              {
                path: "inbox",
                lazy: page(() => import("./pages/inbox/inbox-page.tsx"), "InboxPage", ["inbox"]),
                children: [
                  { index: true, element: null },
                  { path: "c/:conversationId", element: null },
                ],
              },
              {
                path: "inbox/analytics",
                lazy: page(() => import("./pages/inbox/analytics-page.tsx"), "InboxAnalyticsPage", [
                  "inbox",
                  // Durations and chart tables use the reports strings (desk/reports/report-format.ts).
                  "reports",
                ]),
              },
              {
                path: "inbox/settings/labels",
                lazy: page(() => import("./pages/inbox/settings-labels.tsx"), "InboxLabelsSettingsPage", [
                  "inbox",
                ]),
              },
              {
                path: "inbox/settings/channels",
                lazy: page(() => import("./pages/inbox/channels/channels-page.tsx"), "InboxChannelsPage", [
                  "inbox",
                  "inboxChannels",
                ]),
              },
              {
                path: "inbox/channels",
                lazy: page(() => import("./pages/inbox/channels/channels-page.tsx"), "InboxChannelsRedirect"),
              },
              {
                path: "inbox/settings/canned",
                lazy: page(() => import("./pages/inbox/settings-canned.tsx"), "InboxCannedSettingsPage", [
                  "inbox",
                ]),
              },
              {
                path: "desk/settings",
                lazy: page(() => import("./pages/desk/desk-settings-layout.tsx"), "DeskSettingsLayout"),
                children: [
                  { index: true, element: <Navigate to="general" replace /> },
                  {
                    path: "general",
                    lazy: page(() => import("./pages/desk/settings-general.tsx"), "DeskGeneralSettingsPage"),
                  },
                  {
                    path: "teams",
                    lazy: page(() => import("./pages/desk/settings-teams.tsx"), "DeskTeamsSettingsPage", [
                      "deskAdmin",
                    ]),
                  },
                  {
                    path: "sla",
                    lazy: page(() => import("./pages/desk/settings-sla.tsx"), "DeskSlaSettingsPage", [
                      "deskAdmin",
                      // Its durations use the reports formatter (reports/report-format.ts).
                      "reports",
                    ]),
                  },
                  {
                    path: "macros",
                    lazy: page(() => import("./pages/desk/settings-macros.tsx"), "DeskMacrosSettingsPage", [
                      "macros",
                    ]),
                  },
                  {
                    path: "fields",
                    lazy: page(
                      () => import("./pages/desk/custom-fields-settings.tsx"),
                      "CustomFieldsSettingsPage",
                    ),
                  },
                  {
                    path: "automation",
                    lazy: page(
                      () => import("./pages/desk/automation/automation-settings.tsx"),
                      "DeskAutomationSettingsPage",
                      ["automation"],
                    ),
                  },
                ],
              },
            ],
          },
          {
            path: "account",
            lazy: page(() => import("./pages/account/account-layout.tsx"), "AccountLayout"),
            children: [
              { index: true, element: <Navigate to="profile" replace /> },
              { path: "profile", lazy: page(() => import("./pages/account/profile.tsx"), "ProfilePage") },
              {
                path: "security",
                lazy: page(() => import("./pages/account/security.tsx"), "SecurityPage", ["signInMethods"]),
              },
              { path: "sessions", lazy: page(() => import("./pages/account/sessions.tsx"), "SessionsPage") },
              {
                path: "notifications",
                lazy: page(
                  () => import("./pages/account/notification-preferences.tsx"),
                  "NotificationPreferencesPage",
                  ["marketingConsent"],
                ),
              },
            ],
          },
          {
            path: "notifications",
            lazy: page(() => import("./pages/notifications.tsx"), "NotificationsPage"),
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
