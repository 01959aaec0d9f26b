import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useState } from "react";
import { useFlag, usePublicConfig } from "../lib/platform.ts";

const DISMISSED = "quartet.whatsNewDismissed";

/** Notices above every signed-in page: the platform's maintenance banner and flagged features. */
export function PlatformBanners() {
  const { t } = useTranslation();
  const config = usePublicConfig();
  const whatsNew = useFlag("whats_new");
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED) === "1");
  const banner = config.data?.["ui.maintenance_banner"];
  if (!banner && !(whatsNew && !dismissed)) return null;
  return (
    <div className="grid gap-2 px-4 pt-4 md:px-8">
      {banner ? (
        <Alert variant="warning" title={t("platform.maintenance")} role="status">
          <span data-testid="maintenance-banner">{banner}</span>
        </Alert>
      ) : null}
      {whatsNew && !dismissed ? (
        <Alert
          variant="info"
          title={t("platform.whatsNewTitle")}
          action={
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                localStorage.setItem(DISMISSED, "1");
                setDismissed(true);
              }}
            >
              {t("platform.dismiss")}
            </Button>
          }
        >
          <span data-testid="whats-new">{t("platform.whatsNewBody")}</span>
        </Alert>
      ) : null}
    </div>
  );
}
