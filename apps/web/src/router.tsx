import { createBrowserRouter, Navigate } from "react-router";
import { AccountLayout } from "./pages/account/account-layout.tsx";
import { NotificationPreferencesPage } from "./pages/account/notification-preferences.tsx";
import { ProfilePage } from "./pages/account/profile.tsx";
import { SecurityPage } from "./pages/account/security.tsx";
import { SessionsPage } from "./pages/account/sessions.tsx";
import { AppLayout } from "./pages/app-layout.tsx";
import { CheckEmailPage } from "./pages/auth/check-email.tsx";
import { ForgotPasswordPage } from "./pages/auth/forgot-password.tsx";
import { InvitePage } from "./pages/auth/invite.tsx";
import { ResetPasswordPage } from "./pages/auth/reset-password.tsx";
import { SignInPage } from "./pages/auth/sign-in.tsx";
import { SignUpPage } from "./pages/auth/sign-up.tsx";
import { VerifyEmailPage } from "./pages/auth/verify-email.tsx";
import { DeskAutomationSettingsPage } from "./pages/desk/automation/automation-settings.tsx";
import { CustomFieldsSettingsPage } from "./pages/desk/custom-fields-settings.tsx";
import { DeskSettingsLayout } from "./pages/desk/desk-settings-layout.tsx";
import { KbArticleEditPage, KbArticleNewPage } from "./pages/desk/kb/kb-editor.tsx";
import { KbPage } from "./pages/desk/kb/kb-page.tsx";
import { ReportsPage } from "./pages/desk/reports/reports-page.tsx";
import { DeskGeneralSettingsPage } from "./pages/desk/settings-general.tsx";
import { DeskSlaSettingsPage } from "./pages/desk/settings-sla.tsx";
import { DeskTeamsSettingsPage } from "./pages/desk/settings-teams.tsx";
import { TicketDetailPage } from "./pages/desk/ticket-detail.tsx";
import { TicketsListPage } from "./pages/desk/tickets-list.tsx";
import { HelpArticlePage } from "./pages/help/help-article.tsx";
import { HelpCategoryPage } from "./pages/help/help-category.tsx";
import { HelpContactPage } from "./pages/help/help-contact.tsx";
import { HelpFeedbackPage } from "./pages/help/help-feedback.tsx";
import { HelpHomePage } from "./pages/help/help-home.tsx";
import { HelpLayout } from "./pages/help/help-layout.tsx";
import { HelpSearchPage } from "./pages/help/help-search.tsx";
import { HelpTicketPage } from "./pages/help/help-ticket.tsx";
import { HomeRedirect } from "./pages/home-redirect.tsx";
import { NotFoundPage, RouteErrorPage } from "./pages/not-found.tsx";
import { NotificationsPage } from "./pages/notifications.tsx";
import { MembersPage } from "./pages/workspace/members.tsx";
import { WorkspaceHomePage } from "./pages/workspace/workspace-home.tsx";
import { WorkspaceLayout } from "./pages/workspace/workspace-layout.tsx";
import { WorkspaceSettingsPage } from "./pages/workspace/workspace-settings.tsx";

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      // Signed out (each redirects away when a session exists, except the link targets).
      { path: "/sign-in", element: <SignInPage /> },
      { path: "/sign-up", element: <SignUpPage /> },
      { path: "/check-email", element: <CheckEmailPage /> },
      { path: "/verify-email", element: <VerifyEmailPage /> },
      { path: "/forgot-password", element: <ForgotPasswordPage /> },
      { path: "/reset-password", element: <ResetPasswordPage /> },
      { path: "/invite", element: <InvitePage /> },
      // Public help center of a workspace: no account, outside the signed-in layout.
      {
        path: "/help/:slug",
        element: <HelpLayout />,
        children: [
          { index: true, element: <HelpHomePage /> },
          { path: "search", element: <HelpSearchPage /> },
          { path: "categories/:categorySlug", element: <HelpCategoryPage /> },
          { path: "articles/:articleSlug", element: <HelpArticlePage /> },
          { path: "contact", element: <HelpContactPage /> },
          { path: "tickets/:ticketId", element: <HelpTicketPage /> },
          { path: "tickets/:ticketId/feedback", element: <HelpFeedbackPage /> },
        ],
      },
      // Signed in.
      {
        path: "/",
        element: <AppLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            path: "w/:slug",
            element: <WorkspaceLayout />,
            children: [
              { index: true, element: <WorkspaceHomePage /> },
              { path: "members", element: <MembersPage /> },
              { path: "settings", element: <WorkspaceSettingsPage /> },
              { path: "desk", element: <TicketsListPage /> },
              { path: "desk/:ticketId", element: <TicketDetailPage /> },
              { path: "desk/reports", element: <ReportsPage /> },
              { path: "desk/kb", element: <KbPage /> },
              { path: "desk/kb/articles/new", element: <KbArticleNewPage /> },
              { path: "desk/kb/articles/:articleId", element: <KbArticleEditPage /> },
              {
                path: "desk/settings",
                element: <DeskSettingsLayout />,
                children: [
                  { index: true, element: <Navigate to="general" replace /> },
                  { path: "general", element: <DeskGeneralSettingsPage /> },
                  { path: "teams", element: <DeskTeamsSettingsPage /> },
                  { path: "sla", element: <DeskSlaSettingsPage /> },
                  { path: "fields", element: <CustomFieldsSettingsPage /> },
                  { path: "automation", element: <DeskAutomationSettingsPage /> },
                ],
              },
            ],
          },
          {
            path: "account",
            element: <AccountLayout />,
            children: [
              { index: true, element: <Navigate to="profile" replace /> },
              { path: "profile", element: <ProfilePage /> },
              { path: "security", element: <SecurityPage /> },
              { path: "sessions", element: <SessionsPage /> },
              { path: "notifications", element: <NotificationPreferencesPage /> },
            ],
          },
          { path: "notifications", element: <NotificationsPage /> },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
