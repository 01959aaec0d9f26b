import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { FormField } from "@quartet/ui/form-field";
import { BookmarkPlus, ChevronDown, Pencil, RefreshCw, Trash2, Users } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useRef, useState } from "react";
import { FormDialog } from "../../components/form-dialog.tsx";
import { atLeast } from "../../lib/roles.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import type { ListState, ViewFilters } from "./ticket-list-state.ts";

export type SavedView = RouterOutputs["deskViews"]["list"][number];

const clean = (f: ViewFilters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ViewFilters;

export const sameState = (a: ListState, b: ListState) =>
  a.sort === b.sort &&
  JSON.stringify(Object.entries(clean(a.filters)).sort()) ===
    JSON.stringify(Object.entries(clean(b.filters)).sort());

function Chip({
  active,
  onClick,
  children,
  className,
}: {
  active: boolean;
  onClick: () => void;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      className={cn(
        "inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-sm whitespace-nowrap transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        active
          ? "border-primary/40 bg-primary-soft font-medium text-primary-soft-foreground"
          : "bg-card text-muted-foreground hover:bg-muted hover:text-foreground",
        className,
      )}
    >
      {children}
    </button>
  );
}

/** A view's count of tickets that are not closed (visible number, full words for screen readers). */
function ViewCount({ count }: { count: number | null | undefined }) {
  const { t } = useTranslation();
  if (count === undefined || count === null) return null;
  return (
    <>
      <span aria-hidden className="min-w-5 rounded-full bg-muted px-1.5 text-center text-xs tabular-nums">
        {count > 9999 ? "9999+" : count}
      </span>
      <span className="sr-only">({t("deskFollowers.views.countLabel", { count })})</span>
    </>
  );
}

/**
 * The row of views above the ticket list: All, Mine, Unassigned, then the saved ones (personal and
 * shared). "Save view" stores the current filters and sort; a view's menu renames, updates or deletes it.
 */
export function SavedViewsBar({
  state,
  meId,
  onApply,
  refreshKey,
}: {
  state: ListState;
  meId: string;
  onApply: (state: ListState) => void;
  /** Changes when the ticket list refreshes: the counts refresh with it. */
  refreshKey?: number;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const views = trpc.deskViews.list.useQuery({ orgId: org.id });
  const utils = trpc.useUtils();
  // Open tickets per view, in one query; refreshed whenever the list below is.
  const counts = trpc.deskViews.counts.useQuery({ orgId: org.id }, { staleTime: 10_000 });
  const lastKey = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey === lastKey.current) return;
    lastKey.current = refreshKey;
    void utils.deskViews.counts.invalidate({ orgId: org.id });
  }, [refreshKey, utils, org.id]);
  const countOf = (key: string) =>
    key === "all" || key === "mine" || key === "unassigned"
      ? counts.data?.[key]
      : counts.data?.views.find((v) => v.id === key)?.count;
  const update = trpc.deskViews.update.useMutation();
  const remove = trpc.deskViews.delete.useMutation();
  const [dialog, setDialog] = useState<
    { kind: "save" } | { kind: "rename" | "delete"; view: SavedView } | null
  >(null);

  const builtIns: { key: string; label: string; state: ListState }[] = [
    { key: "all", label: t("desk.views.all"), state: { filters: {}, sort: "updatedAt" } },
    { key: "mine", label: t("desk.views.mine"), state: { filters: { assigneeId: meId }, sort: "updatedAt" } },
    {
      key: "unassigned",
      label: t("desk.views.unassigned"),
      state: { filters: { assigneeId: null }, sort: "updatedAt" },
    },
  ];
  const saved = views.data ?? [];
  const matchesSomething =
    builtIns.some((b) => sameState(b.state, state)) ||
    saved.some((v) => sameState({ filters: v.filters, sort: v.sort }, state));

  const refresh = () =>
    Promise.all([
      utils.deskViews.list.invalidate({ orgId: org.id }),
      utils.deskViews.counts.invalidate({ orgId: org.id }),
    ]);

  return (
    <nav aria-label={t("desk.views.label")} className="mb-3 flex flex-wrap items-center gap-2">
      {builtIns.map((b) => (
        <Chip key={b.key} active={sameState(b.state, state)} onClick={() => onApply(b.state)}>
          {b.label}
          <ViewCount count={countOf(b.key)} />
        </Chip>
      ))}
      {saved.map((v) => {
        const active = sameState({ filters: v.filters, sort: v.sort }, state);
        return (
          <span key={v.id} className="inline-flex items-center">
            <Chip
              active={active}
              onClick={() => onApply({ filters: v.filters, sort: v.sort })}
              className={cn(v.canEdit && "rounded-e-none border-e-0")}
            >
              {v.isShared ? <Users className="size-3.5" aria-label={t("desk.views.shared")} /> : null}
              <bdi>{v.name}</bdi>
              <ViewCount count={countOf(v.id)} />
            </Chip>
            {v.canEdit ? (
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <button
                    type="button"
                    aria-label={t("desk.views.menu", { name: v.name })}
                    className={cn(
                      "inline-flex h-8 items-center rounded-e-full border px-1.5 text-muted-foreground hover:bg-muted",
                      "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                      active ? "border-primary/40 bg-primary-soft" : "bg-card",
                    )}
                  >
                    <ChevronDown className="size-3.5" aria-hidden />
                  </button>
                </DropdownMenuTrigger>
                <DropdownMenuContent align="start">
                  <DropdownMenuItem onSelect={() => setDialog({ kind: "rename", view: v })}>
                    <Pencil aria-hidden />
                    {t("desk.views.rename")}
                  </DropdownMenuItem>
                  {!active ? (
                    <DropdownMenuItem
                      onSelect={async () => {
                        await update.mutateAsync({ orgId: org.id, viewId: v.id, ...state });
                        await refresh();
                        toast.success(t("desk.views.updated", { name: v.name }));
                      }}
                    >
                      <RefreshCw aria-hidden />
                      {t("desk.views.updateFromList")}
                    </DropdownMenuItem>
                  ) : null}
                  <DropdownMenuSeparator />
                  <DropdownMenuItem destructive onSelect={() => setDialog({ kind: "delete", view: v })}>
                    <Trash2 aria-hidden />
                    {t("desk.views.delete")}
                  </DropdownMenuItem>
                </DropdownMenuContent>
              </DropdownMenu>
            ) : null}
          </span>
        );
      })}
      {!matchesSomething ? (
        <Button variant="ghost" size="sm" onClick={() => setDialog({ kind: "save" })}>
          <BookmarkPlus aria-hidden />
          {t("desk.views.save")}
        </Button>
      ) : null}

      <ViewNameDialog
        open={dialog?.kind === "save" || dialog?.kind === "rename"}
        view={dialog?.kind === "rename" ? dialog.view : null}
        state={state}
        onOpenChange={(o) => !o && setDialog(null)}
      />
      <ConfirmDialog
        open={dialog?.kind === "delete"}
        onOpenChange={(o) => !o && setDialog(null)}
        title={t("desk.views.deleteTitle")}
        description={t("desk.views.deleteBody", { name: dialog?.kind === "delete" ? dialog.view.name : "" })}
        confirmLabel={t("desk.views.delete")}
        destructive
        onConfirm={async () => {
          if (dialog?.kind !== "delete") return;
          await remove.mutateAsync({ orgId: org.id, viewId: dialog.view.id });
          await refresh();
          toast.success(t("desk.views.deleted"));
        }}
      />
    </nav>
  );
}

function ViewNameDialog({
  open,
  view,
  state,
  onOpenChange,
}: {
  open: boolean;
  view: SavedView | null;
  state: ListState;
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskViews.create.useMutation();
  const update = trpc.deskViews.update.useMutation();
  const canShare = atLeast(org.role, "ADMIN");
  const form = useForm({
    initialValues: { name: view?.name ?? "", isShared: view?.isShared ?? false },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("desk.views.nameRequired") }),
    onSubmit: async (v) => {
      if (view) {
        await update.mutateAsync({
          orgId: org.id,
          viewId: view.id,
          name: v.name.trim(),
          ...(canShare ? { isShared: v.isShared } : {}),
        });
      } else {
        await create.mutateAsync({ orgId: org.id, name: v.name.trim(), isShared: v.isShared, ...state });
      }
      await utils.deskViews.list.invalidate({ orgId: org.id });
      await utils.deskViews.counts.invalidate({ orgId: org.id });
      toast.success(view ? t("desk.views.renamed") : t("desk.views.saved", { name: v.name.trim() }));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={view ? t("desk.views.renameTitle") : t("desk.views.saveTitle")}
      description={view ? t("desk.views.renameBody") : t("desk.views.saveBody")}
      submitLabel={view ? t("desk.views.renameSubmit") : t("desk.views.saveSubmit")}
    >
      <FormField label={t("desk.views.name")} error={form.errors.name}>
        <Input autoFocus autoComplete="off" maxLength={100} {...form.field("name")} />
      </FormField>
      {canShare ? (
        <CheckboxField
          label={t("desk.views.shareLabel")}
          description={t("desk.views.shareHint")}
          checked={form.values.isShared}
          onCheckedChange={(c) => form.setValue("isShared", c === true)}
        />
      ) : null}
    </FormDialog>
  );
}
