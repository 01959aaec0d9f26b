import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { ListChecks, Plus } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { TableBody, TableCell, TableHead, TableHeader, TableRow, TableSkeleton } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { FilterSelect } from "../../components/filter-select.tsx";
import {
  cursorPaging,
  ListEmptyState,
  LoadMore,
  PagedListStates,
  PagedTable,
} from "../../components/paged-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { fieldError, formError } from "./shared.tsx";

const CATEGORIES = ["daily", "weekly", "monthly", "quarterly", "other"] as const;
const STATUSES = ["PENDING", "IN_PROGRESS", "COMPLETED", "CANCELLED"] as const;
const DUES = ["overdue", "today", "week", "none"] as const;
const REPEATS = ["daily", "weekly", "monthly", "quarterly", "interval"] as const;
type Category = (typeof CATEGORIES)[number];
type Repeat = (typeof REPEATS)[number];

interface TaskDraft {
  id?: string;
  title: string;
  description: string;
  category: Category;
  due: string;
  recurring: Repeat | "";
  intervalDays: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** A Date as the value of a datetime-local input, in the browser's time zone. */
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

export default function TasksPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("platform.tasks.title"));
  const filters = useUrlFilters(["category", "status", "due"] as const);
  const { category, status, due } = filters.values;
  const list = trpc.tasks.list.useInfiniteQuery(
    {
      category: (category || undefined) as Category | undefined,
      status: (status || undefined) as (typeof STATUSES)[number] | undefined,
      due: (due || undefined) as (typeof DUES)[number] | undefined,
      limit: 25,
    },
    cursorPaging,
  );
  const counts = list.data?.pages[0]?.counts;
  const [editing, setEditing] = useState<TaskDraft | null>(null);
  const newTask = () =>
    setEditing({ title: "", description: "", category: "weekly", due: "", recurring: "", intervalDays: "" });

  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("platform.tasks.title")}
        description={t("platform.tasks.description")}
        actions={
          <Button onClick={newTask}>
            <Plus aria-hidden />
            {t("platform.tasks.newTask")}
          </Button>
        }
      />
      <div className="mb-3 flex flex-col flex-wrap gap-2 sm:flex-row sm:items-center">
        <FilterSelect
          label={t("platform.tasks.category")}
          allLabel={t("platform.tasks.allCategories")}
          className="sm:w-48"
          value={category}
          onChange={(v) => filters.set({ category: v })}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`platform.tasks.categories.${c}`) }))}
        />
        <FilterSelect
          label={t("platform.tasks.status")}
          allLabel={t("platform.tasks.allStatuses")}
          className="sm:w-44"
          value={status}
          onChange={(v) => filters.set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`platform.tasks.statuses.${s}`) }))}
        />
        <FilterSelect
          label={t("platform.tasks.due")}
          allLabel={t("platform.tasks.anyDue")}
          className="sm:w-48"
          value={due}
          onChange={(v) => filters.set({ due: v })}
          options={[
            { value: "overdue", label: t("platform.tasks.dueOverdue") },
            { value: "today", label: t("platform.tasks.dueToday") },
            { value: "week", label: t("platform.tasks.dueWeek") },
            { value: "none", label: t("platform.tasks.dueNone") },
          ]}
        />
        {counts ? (
          <div className="flex gap-2 sm:ms-auto">
            <Badge>{t("platform.tasks.open", { count: counts.open })}</Badge>
            {counts.overdue ? (
              <Badge variant="warning">{t("platform.tasks.overdue", { count: counts.overdue })}</Badge>
            ) : null}
          </div>
        ) : null}
      </div>
      <PagedListStates
        list={list}
        loading={<TableSkeleton columns={5} rows={6} />}
        empty={
          <ListEmptyState
            icon={ListChecks}
            filtered={filters.active}
            title={t("platform.tasks.emptyTitle")}
            description={t("platform.tasks.emptyDescription")}
            action={<Button onClick={newTask}>{t("platform.tasks.newTask")}</Button>}
            noMatchTitle={t("platform.tasks.noMatchTitle")}
            noMatchDescription={t("platform.tasks.noMatchDescription")}
            clearLabel={t("common.clearFilters")}
            onClear={() => filters.set({ category: "", status: "", due: "" })}
          />
        }
      >
        {(rows) => (
          <>
            <PagedTable busy={list.isFetching}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("platform.tasks.colTitle")}</TableHead>
                  <TableHead>{t("platform.tasks.colDue")}</TableHead>
                  <TableHead className="hidden md:table-cell">{t("platform.tasks.colRepeat")}</TableHead>
                  <TableHead>{t("platform.tasks.colStatus")}</TableHead>
                  <TableHead className="w-px">
                    <span className="sr-only">{t("platform.common.edit")}</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((task) => (
                  <TaskRow key={task.id} task={task} onEdit={setEditing} />
                ))}
              </TableBody>
            </PagedTable>
            <LoadMore list={list} />
          </>
        )}
      </PagedListStates>
      {editing ? <TaskDialog initial={editing} onClose={() => setEditing(null)} /> : null}
    </Page>
  );
}

type TaskRowData = {
  id: string;
  title: string;
  description: string | null;
  category: string;
  dueDate: Date | null;
  recurring: string | null;
  intervalDays: number | null;
  status: (typeof STATUSES)[number];
};

function TaskRow({ task, onEdit }: { task: TaskRowData; onEdit: (d: TaskDraft) => void }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const complete = trpc.tasks.complete.useMutation({
    onSuccess: (res) => {
      toast.success(
        res.next?.dueDate
          ? t("platform.tasks.completed", { when: res.next.dueDate.toLocaleString() })
          : t("platform.tasks.completedOnce"),
      );
      void utils.tasks.invalidate();
    },
    onError: (e) => toast.error(e.message),
  });
  const open = task.status === "PENDING" || task.status === "IN_PROGRESS";
  const overdue = open && task.dueDate && task.dueDate.getTime() < Date.now();
  return (
    <TableRow data-task={task.title}>
      <TableCell>
        <div className="font-medium">{task.title}</div>
        <div className="text-xs text-muted-foreground">
          {t(`platform.tasks.categories.${task.category}`, { defaultValue: task.category })}
        </div>
      </TableCell>
      <TableCell className={overdue ? "text-sm font-medium text-destructive" : "text-sm"}>
        {task.dueDate ? (
          <RelativeTime date={task.dueDate} />
        ) : (
          <span className="text-muted-foreground">{t("platform.tasks.noDue")}</span>
        )}
      </TableCell>
      <TableCell className="hidden text-sm md:table-cell">
        {task.recurring
          ? t(`platform.tasks.repeats.${task.recurring}`, { days: task.intervalDays ?? 1 })
          : "—"}
      </TableCell>
      <TableCell>
        <Badge
          variant={
            task.status === "COMPLETED"
              ? "success"
              : task.status === "CANCELLED"
                ? "neutral"
                : overdue
                  ? "warning"
                  : "primary"
          }
        >
          {t(`platform.tasks.statuses.${task.status}`)}
        </Badge>
      </TableCell>
      <TableCell>
        {open ? (
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="outline"
              loading={complete.isPending}
              onClick={() => complete.mutate({ id: task.id })}
            >
              {t("platform.tasks.complete")}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`${t("platform.common.edit")} ${task.title}`}
              onClick={() =>
                onEdit({
                  id: task.id,
                  title: task.title,
                  description: task.description ?? "",
                  category: task.category as Category,
                  due: task.dueDate ? localInput(task.dueDate) : "",
                  recurring: (task.recurring ?? "") as Repeat | "",
                  intervalDays: task.intervalDays ? String(task.intervalDays) : "",
                })
              }
            >
              {t("platform.common.edit")}
            </Button>
          </div>
        ) : null}
      </TableCell>
    </TableRow>
  );
}

function TaskDialog({ initial, onClose }: { initial: TaskDraft; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const [d, setD] = useState(initial);
  const set = (patch: Partial<TaskDraft>) => setD((x) => ({ ...x, ...patch }));
  const done = (msg: string) => {
    toast.success(msg);
    void utils.tasks.invalidate();
    onClose();
  };
  const create = trpc.tasks.create.useMutation({ onSuccess: () => done(t("platform.tasks.created")) });
  const update = trpc.tasks.update.useMutation({ onSuccess: () => done(t("platform.tasks.saved")) });
  const mutation = initial.id ? update : create;
  const body = () => ({
    title: d.title,
    description: d.description || null,
    category: d.category,
    dueDate: d.due ? new Date(d.due) : null,
    recurring: d.recurring || null,
    intervalDays: d.recurring === "interval" ? Number(d.intervalDays) || null : null,
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (initial.id) update.mutate({ ...body(), id: initial.id });
    else create.mutate(body());
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>
              {initial.id ? t("platform.tasks.editTitle") : t("platform.tasks.createTitle")}
            </DialogTitle>
          </DialogHeader>
          <FormField label={t("platform.tasks.titleLabel")} error={fieldError(mutation.error, "title")}>
            <Input name="title" value={d.title} onChange={(e) => set({ title: e.target.value })} required />
          </FormField>
          <FormField label={t("platform.tasks.descriptionLabel")} optional>
            <Textarea
              name="description"
              rows={3}
              value={d.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label={t("platform.tasks.category")}>
              <NativeSelect
                name="category"
                value={d.category}
                onChange={(e) => set({ category: e.target.value as Category })}
              >
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`platform.tasks.categories.${c}`)}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField
              label={t("platform.tasks.dueLabel")}
              optional
              error={fieldError(mutation.error, "dueDate")}
            >
              <Input
                name="due"
                type="datetime-local"
                value={d.due}
                onChange={(e) => set({ due: e.target.value })}
              />
            </FormField>
            <FormField label={t("platform.tasks.repeatLabel")}>
              <NativeSelect
                name="recurring"
                value={d.recurring}
                onChange={(e) => set({ recurring: e.target.value as Repeat | "" })}
              >
                <option value="">{t("platform.tasks.repeatNone")}</option>
                {REPEATS.map((r) => (
                  <option key={r} value={r}>
                    {t(`platform.tasks.repeats.${r}`, { days: "N" })}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            {d.recurring === "interval" ? (
              <FormField
                label={t("platform.tasks.intervalLabel")}
                error={fieldError(mutation.error, "intervalDays")}
              >
                <Input
                  name="intervalDays"
                  type="number"
                  min={1}
                  max={365}
                  value={d.intervalDays}
                  onChange={(e) => set({ intervalDays: e.target.value })}
                />
              </FormField>
            ) : null}
          </div>
          <FormError>{formError(mutation.error, ["title", "dueDate", "intervalDays"])}</FormError>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {t("platform.common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t("platform.common.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
