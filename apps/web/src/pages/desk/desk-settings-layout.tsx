import { Page, PageHeader } from "@quartet/ui/app-shell";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NavTabs } from "@quartet/ui/tabs";
import { Link, Outlet, useLocation, useParams } from "react-router";
import { DeskNav } from "./desk-nav.tsx";

/** /w/:slug/desk/settings/*: one tab per settings section, each a child route. */
export function DeskSettingsLayout() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const { pathname } = useLocation();
  const base = `/w/${slug}/desk/settings`;
  const tabs = [
    { key: "general", label: t("deskSettings.tabs.general") },
    { key: "teams", label: t("deskSettings.tabs.teams") },
    { key: "sla", label: t("deskSettings.tabs.sla") },
    { key: "automation", label: t("deskSettings.tabs.automation") },
    { key: "fields", label: t("deskSettings.tabs.fields") },
    { key: "macros", label: t("deskSettings.tabs.macros") },
  ];
  return (
    <Page>
      <PageHeader title={t("desk.pageTitle")} className="mb-4" />
      <DeskNav />
      <NavTabs
        label={t("deskSettings.title")}
        className="mb-6"
        items={tabs.map((tab) => ({
          key: tab.key,
          active: pathname.startsWith(`${base}/${tab.key}`),
          render: (props) => (
            <Link to={`${base}/${tab.key}`} {...props}>
              {tab.label}
            </Link>
          ),
        }))}
      />
      <Outlet />
    </Page>
  );
}
