import { Page, PageHeader } from "@quartet/ui/app-shell";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NavTabs } from "@quartet/ui/tabs";
import { Link, Outlet, useLocation } from "react-router";

export function AccountLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const tabs = [
    { key: "profile", to: "/account/profile", label: t("account.tabs.profile") },
    { key: "security", to: "/account/security", label: t("account.tabs.security") },
    { key: "sessions", to: "/account/sessions", label: t("account.tabs.sessions") },
    { key: "notifications", to: "/account/notifications", label: t("account.tabs.notifications") },
  ];
  return (
    <Page>
      <PageHeader title={t("account.title")} description={t("account.description")} className="mb-4" />
      <NavTabs
        label={t("account.title")}
        className="mb-6"
        items={tabs.map((tab) => ({
          key: tab.key,
          active: pathname.startsWith(tab.to),
          render: (props) => (
            <Link to={tab.to} {...props}>
              {tab.label}
            </Link>
          ),
        }))}
      />
      <Outlet />
    </Page>
  );
}
