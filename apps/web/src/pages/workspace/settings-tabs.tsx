import { useTranslation } from "@quartet/ui/lib/i18n";
import { NavTabs } from "@quartet/ui/tabs";
import { Link, useLocation } from "react-router";
import { useWorkspace } from "../../lib/workspace.ts";

/** General | Billing at the top of the workspace's settings pages. */
export function WorkspaceSettingsTabs() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const { pathname } = useLocation();
  const base = `/w/${org.slug}/settings`;
  const tabs = [
    {
      key: "general",
      to: base,
      label: t("settings.general"),
      active: !pathname.startsWith(`${base}/billing`),
    },
    {
      key: "billing",
      to: `${base}/billing`,
      label: t("billing.title"),
      active: pathname.startsWith(`${base}/billing`),
    },
  ];
  return (
    <NavTabs
      label={t("settings.title")}
      className="mb-6"
      items={tabs.map((tab) => ({
        key: tab.key,
        active: tab.active,
        render: (props) => (
          <Link to={tab.to} {...props}>
            {tab.label}
          </Link>
        ),
      }))}
    />
  );
}
