import { useTranslation } from "@quartet/ui/lib/i18n";
import { NavTabs } from "@quartet/ui/tabs";
import { Link, useLocation, useParams } from "react-router";

/** The Inbox's places other than the conversations: under each of their page headers. */
export function InboxNav() {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const { pathname } = useLocation();
  const base = `/w/${slug}/inbox`;
  const items = [
    { key: "inbox", to: base, label: t("inbox.title"), active: false },
    { key: "analytics", to: `${base}/analytics`, label: t("inbox.menu.analytics") },
    { key: "labels", to: `${base}/settings/labels`, label: t("inbox.menu.labels") },
    { key: "canned", to: `${base}/settings/canned`, label: t("inbox.menu.canned") },
    { key: "channels", to: `${base}/settings/channels`, label: t("inbox.menu.channels") },
  ];
  return (
    <NavTabs
      label={t("inbox.menu.label")}
      className="mb-5"
      items={items.map((item) => ({
        key: item.key,
        active: item.key !== "inbox" && pathname.startsWith(item.to),
        render: (props) => (
          <Link to={item.to} {...props}>
            {item.label}
          </Link>
        ),
      }))}
    />
  );
}
