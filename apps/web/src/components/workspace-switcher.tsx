import { Avatar } from "@quartet/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
} from "@quartet/ui/dropdown-menu";
import { Check, Plus } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { OrgSummary } from "../lib/workspace.ts";
import { CreateWorkspaceDialog } from "./create-workspace-dialog.tsx";
import { SidebarMenuTrigger } from "./sidebar-menu-trigger.tsx";

export function WorkspaceSwitcher({
  orgs,
  current,
}: {
  orgs: OrgSummary[] | undefined;
  current: OrgSummary | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  if (!orgs) {
    return (
      <div className="flex h-11 items-center gap-2.5 px-2" aria-hidden>
        <Skeleton className="size-7" />
        <Skeleton className="h-3.5 flex-1" />
      </div>
    );
  }

  return (
    <>
      <DropdownMenu>
        <SidebarMenuTrigger>
          <span className="sr-only">{t("switcher.label")}: </span>
          {current ? (
            <>
              <Avatar name={current.name} shape="square" size="sm" className="size-7 text-xs" />
              <span className="grid min-w-0 flex-1 leading-tight">
                <span dir="auto" className="truncate text-sm font-semibold text-foreground">
                  {current.name}
                </span>
                <span className="truncate text-xs text-muted-foreground">{t(`roles.${current.role}`)}</span>
              </span>
            </>
          ) : (
            <span className="flex-1 text-sm font-medium">{t("switcher.choose")}</span>
          )}
        </SidebarMenuTrigger>
        <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-60">
          <DropdownMenuLabel>{t("switcher.workspaces")}</DropdownMenuLabel>
          <div className="max-h-72 overflow-y-auto">
            {orgs.map((org) => (
              <DropdownMenuItem key={org.id} onSelect={() => navigate(`/w/${org.slug}`)}>
                <Avatar name={org.name} shape="square" size="xs" />
                <span dir="auto" className="min-w-0 flex-1 truncate">
                  {org.name}
                </span>
                {org.id === current?.id ? (
                  <Check className="!text-primary" aria-label={t("switcher.current")} />
                ) : null}
              </DropdownMenuItem>
            ))}
          </div>
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus aria-hidden />
            {t("switcher.create")}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
