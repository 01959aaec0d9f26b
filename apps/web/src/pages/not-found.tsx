import { Button } from "@quartet/ui/button";
import { ScreenErrorState } from "@quartet/ui/error-state";
import { Compass } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { AuthLayout, StatusIcon } from "../components/auth-layout.tsx";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <AuthLayout
      icon={<StatusIcon icon={Compass} />}
      title={t("notFound.title")}
      description={t("notFound.body")}
    >
      <Button asChild className="w-full">
        <Link to="/">{t("notFound.home")}</Link>
      </Button>
    </AuthLayout>
  );
}

/** Last resort for a render error: say so and offer a reload instead of a blank page. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return <ScreenErrorState error={error} onRetry={() => window.location.reload()} />;
}
