import { Page } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { Building2, Plus } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useState } from "react";
import { Navigate } from "react-router";
import { CreateWorkspaceDialog } from "../components/create-workspace-dialog.tsx";
import { PageQueryStates } from "../components/page-skeleton.tsx";
import { lastWorkspace } from "../lib/storage.ts";
import { trpc } from "../lib/trpc.ts";

/** "/" opens the last workspace used on this device, else the first one. */
export function HomeRedirect() {
  const { t } = useTranslation();
  const orgs = trpc.orgs.list.useQuery();
  const [creating, setCreating] = useState(false);

  return (
    <PageQueryStates query={orgs}>
      {(list) => {
        const last = lastWorkspace.get();
        const target = list.find((o) => o.slug === last) ?? list[0];
        if (target) return <Navigate to={`/w/${target.slug}`} replace />;
        return (
          <Page>
            <EmptyState
              icon={Building2}
              title={t("workspace.noneTitle")}
              description={t("workspace.noneBody")}
              action={
                <Button onClick={() => setCreating(true)}>
                  <Plus aria-hidden />
                  {t("switcher.create")}
                </Button>
              }
            />
            <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
          </Page>
        );
      }}
    </PageQueryStates>
  );
}
