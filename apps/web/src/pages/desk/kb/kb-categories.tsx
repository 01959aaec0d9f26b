import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { ErrorState } from "@quartet/ui/error-state";
import { FormField } from "@quartet/ui/form-field";
import { Ellipsis, FolderPlus, Library, Pencil, Plus, Trash2 } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { NativeSelect } from "@quartet/ui/select";
import { SkeletonLines } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useMemo, useState } from "react";
import { FormDialog } from "../../../components/form-dialog.tsx";
import { trpc } from "../../../lib/trpc.ts";
import { useWorkspace } from "../../../lib/workspace.ts";
import { type CategoryNode, flattenCategories, indentedName, subtreeIds } from "./kb-shared.tsx";

type DialogState =
  | { kind: "create"; parentId: string | null }
  | { kind: "edit"; node: CategoryNode }
  | { kind: "delete"; node: CategoryNode }
  | null;

/**
 * The left column of the knowledge base: the category tree as filters (with article counts),
 * and for admins the add / rename / move / delete controls.
 */
export function CategoryPanel({
  selectedId,
  onSelect,
  canManage,
}: {
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const tree = trpc.deskKb.categoryTree.useQuery({ orgId: org.id });
  const [dialog, setDialog] = useState<DialogState>(null);
  const close = () => setDialog(null);
  const total = useMemo(
    () => flattenCategories(tree.data ?? []).reduce((sum, c) => sum + c.node.counts.total, 0),
    [tree.data],
  );

  return (
    <nav aria-labelledby="kb-categories-heading" className="grid content-start gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 id="kb-categories-heading" className="text-sm font-semibold text-muted-foreground">
          {t("kb.categories.heading")}
        </h2>
        {canManage ? (
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={t("kb.categories.add")}
            title={t("kb.categories.add")}
            onClick={() => setDialog({ kind: "create", parentId: null })}
          >
            <Plus aria-hidden />
          </Button>
        ) : null}
      </div>
      {tree.isPending ? (
        <SkeletonLines lines={5} />
      ) : tree.isError ? (
        <ErrorState compact error={tree.error} onRetry={() => tree.refetch()} retrying={tree.isFetching} />
      ) : (
        <ul className="grid gap-0.5">
          <li>
            <CategoryButton
              label={t("kb.categories.all")}
              count={total}
              depth={0}
              active={selectedId === null}
              onClick={() => onSelect(null)}
              icon
            />
          </li>
          {flattenCategories(tree.data).map((c) => (
            <li key={c.id} className="group/cat relative">
              <CategoryButton
                label={c.name}
                count={c.node.counts.total}
                depth={c.depth + 1}
                active={selectedId === c.id}
                onClick={() => onSelect(c.id)}
                withMenu={canManage}
              />
              {canManage ? (
                <CategoryMenu
                  node={c.node}
                  onAction={(kind) =>
                    setDialog(kind === "create" ? { kind, parentId: c.id } : { kind, node: c.node })
                  }
                />
              ) : null}
            </li>
          ))}
          {tree.data.length === 0 ? (
            <li className="px-2 py-3 text-sm text-muted-foreground">
              {canManage ? t("kb.categories.emptyAdmin") : t("kb.categories.emptyAgent")}
            </li>
          ) : null}
        </ul>
      )}

      {canManage && tree.data ? (
        <>
          <CategoryFormDialog
            open={dialog?.kind === "create" || dialog?.kind === "edit"}
            editing={dialog?.kind === "edit" ? dialog.node : undefined}
            parentId={dialog?.kind === "create" ? dialog.parentId : null}
            tree={tree.data}
            onOpenChange={(open) => !open && close()}
          />
          {dialog?.kind === "delete" ? (
            <DeleteCategoryDialog
              node={dialog.node}
              onOpenChange={(open) => !open && close()}
              onDeleted={() => selectedId === dialog.node.id && onSelect(null)}
            />
          ) : null}
        </>
      ) : null}
    </nav>
  );
}

function CategoryButton(props: {
  label: string;
  count: number;
  depth: number;
  active: boolean;
  onClick: () => void;
  withMenu?: boolean;
  icon?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={props.onClick}
      aria-current={props.active ? "true" : undefined}
      style={{ paddingInlineStart: `${0.5 + Math.max(0, props.depth - 1) * 0.875}rem` }}
      className={cn(
        "flex h-8 w-full items-center gap-2 rounded-md pe-2 text-start text-sm transition-colors hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring",
        props.active ? "bg-primary-soft font-medium text-primary-soft-foreground" : "text-foreground",
        props.withMenu && "pe-9",
      )}
    >
      {props.icon ? <Library className="size-4 shrink-0 text-muted-foreground" aria-hidden /> : null}
      <span className="min-w-0 flex-1 truncate">{props.label}</span>
      <span className="text-xs tabular-nums text-muted-foreground">{props.count}</span>
    </button>
  );
}

function CategoryMenu({
  node,
  onAction,
}: {
  node: CategoryNode;
  onAction: (kind: "create" | "edit" | "delete") => void;
}) {
  const { t } = useTranslation();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={t("kb.categories.menu", { name: node.name })}
          className="absolute end-0.5 top-1/2 size-7 -translate-y-1/2 opacity-60 group-hover/cat:opacity-100 focus-visible:opacity-100 data-[state=open]:opacity-100"
        >
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={() => onAction("edit")}>
          <Pencil aria-hidden />
          {t("kb.categories.edit")}
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => onAction("create")}>
          <FolderPlus aria-hidden />
          {t("kb.categories.addSub")}
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem destructive onSelect={() => onAction("delete")}>
          <Trash2 aria-hidden />
          {t("kb.categories.delete")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function CategoryFormDialog({
  open,
  editing,
  parentId,
  tree,
  onOpenChange,
}: {
  open: boolean;
  editing: CategoryNode | undefined;
  parentId: string | null;
  tree: CategoryNode[];
  onOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const create = trpc.deskKb.createCategory.useMutation();
  const update = trpc.deskKb.updateCategory.useMutation();
  // A category can't move under itself or its own subcategories: those aren't offered.
  const blocked = editing ? subtreeIds(editing) : new Set<string>();
  const parents = flattenCategories(tree).filter((c) => !blocked.has(c.id));
  const form = useForm({
    initialValues: {
      name: editing?.name ?? "",
      description: editing?.description ?? "",
      parentId: (editing ? editing.parentId : parentId) ?? "",
    },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("kb.categories.nameRequired") }),
    onSubmit: async (v) => {
      const common = {
        orgId: org.id,
        name: v.name,
        description: v.description || null,
        parentId: v.parentId || null,
      };
      const saved = editing
        ? await update.mutateAsync({ ...common, categoryId: editing.id })
        : await create.mutateAsync(common);
      await utils.deskKb.categoryTree.invalidate({ orgId: org.id });
      toast.success(editing ? t("kb.categories.saved") : t("kb.categories.created", { name: saved.name }));
      onOpenChange(false);
    },
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      title={editing ? t("kb.categories.editTitle", { name: editing.name }) : t("kb.categories.createTitle")}
      description={editing ? t("kb.categories.editDescription") : t("kb.categories.createDescription")}
      submitLabel={editing ? t("common.saveChanges") : t("kb.categories.create")}
    >
      <FormField label={t("kb.categories.name")} error={form.errors.name}>
        <Input {...form.field("name")} maxLength={100} autoFocus />
      </FormField>
      <FormField label={t("kb.categories.descriptionLabel")} error={form.errors.description} optional>
        <Textarea {...form.field("description")} rows={2} maxLength={1000} />
      </FormField>
      <FormField label={t("kb.categories.parent")} error={form.errors.parentId}>
        <NativeSelect {...form.field("parentId")}>
          <option value="">{t("kb.categories.noParent")}</option>
          {parents.map((c) => (
            <option key={c.id} value={c.id}>
              {indentedName(c)}
            </option>
          ))}
        </NativeSelect>
      </FormField>
    </FormDialog>
  );
}

function DeleteCategoryDialog({
  node,
  onOpenChange,
  onDeleted,
}: {
  node: CategoryNode;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const remove = trpc.deskKb.deleteCategory.useMutation();
  const articles = node.counts.total;
  const children = node.children.length;
  const empty = articles === 0 && children === 0;
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      destructive
      title={t("kb.categories.deleteTitle", { name: node.name })}
      description={
        empty
          ? t("kb.categories.deleteBody", { name: node.name })
          : t("kb.categories.deleteBlocked", { name: node.name, articles, children })
      }
      confirmLabel={t("kb.categories.delete")}
      canConfirm={empty}
      onConfirm={async () => {
        await remove.mutateAsync({ orgId: org.id, categoryId: node.id });
        await utils.deskKb.categoryTree.invalidate({ orgId: org.id });
        onDeleted();
        toast.success(t("kb.categories.deleted", { name: node.name }));
      }}
    />
  );
}
