import { Page } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { EmptyState } from "@quartet/ui/empty-state";
import { SearchX } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useEffect } from "react";
import { Link, Outlet, useParams } from "react-router";
import { PageQueryStates } from "../../components/page-skeleton.tsx";
import { lastWorkspace, workspaceIds } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";
import { WorkspaceContext } from "../../lib/workspace.ts";

/** /w/:slug/* — resolves the workspace from the person's list (no access, no page). */
export function WorkspaceLayout() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const orgs = trpc.orgs.list.useQuery();
  const org = orgs.data?.find((o) => o.slug === slug);

  useEffect(() => {
    if (org) lastWorkspace.set(org.slug);
  }, [org]);
  useEffect(() => {
    if (orgs.data) workspaceIds.set(orgs.data);
  }, [orgs.data]);

  return (
    <PageQueryStates query={orgs}>
      {() =>
        org ? (
          <WorkspaceContext.Provider value={org}>
            <Outlet />
          </WorkspaceContext.Provider>
        ) : (
          <Page>
            <EmptyState
              icon={SearchX}
              title={t("workspace.notFoundTitle")}
              description={t("workspace.notFoundBody")}
              action={
                <Button asChild>
                  <Link to="/">{t("workspace.goToMine")}</Link>
                </Button>
              }
            />
          </Page>
        )
      }
    </PageQueryStates>
  );
}
