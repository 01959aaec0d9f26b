import { useTranslation } from "@quartet/ui/lib/i18n";
import { NavTabs } from "@quartet/ui/tabs";
import { Link, useLocation, useParams } from "react-router";

/** The Desk's sections; every top-level Desk page shows it under its header. */
export function DeskNav() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const { pathname } = useLocation();
  const base = `/w/${slug}/desk`;
  const sections = [
    { key: "contacts", to: `${base}/contacts`, label: t("deskSettings.sections.contacts") },
    { key: "kb", to: `${base}/kb`, label: t("deskSettings.sections.kb") },
    { key: "reports", to: `${base}/reports`, label: t("deskSettings.sections.reports") },
    { key: "settings", to: `${base}/settings`, label: t("deskSettings.title") },
  ];
  const inSection = sections.some((s) => pathname.startsWith(s.to));
  const items = [{ key: "tickets", to: base, label: t("desk.title"), active: !inSection }].concat(
    sections.map((s) => ({ ...s, active: pathname.startsWith(s.to) })),
  );
  return (
    <NavTabs
      label={t("nav.desk")}
      className="mb-5"
      items={items.map((item) => ({
        key: item.key,
        active: item.active,
        render: (props) => (
          <Link to={item.to} {...props}>
            {item.label}
          </Link>
        ),
      }))}
    />
  );
}
