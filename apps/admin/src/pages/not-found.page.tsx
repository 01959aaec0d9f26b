import { Page } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { Compass } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Link } from "react-router";
import { useAdminTitle } from "../lib/use-admin-title.ts";

export function NotFoundPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("notFound.title"));
  return (
    <Page>
      <EmptyState
        icon={Compass}
        headingLevel="h1"
        title={t("notFound.title")}
        description={t("notFound.description")}
        action={
          <Button asChild variant="outline">
            <Link to="/users">{t("notFound.back")}</Link>
          </Button>
        }
      />
    </Page>
  );
}
