import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@quartet/ui/card";
import { CheckboxField } from "@quartet/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Input, Textarea } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { RelativeTime } from "@quartet/ui/relative-time";
import { TableBody, TableCell, TableHead, TableHeader, TableRow, TableSkeleton } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { FilterSelect } from "../../components/filter-select.tsx";
import { PagedTable } from "../../components/paged-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { fieldError, formatValue, formError } from "./shared.tsx";

const CATEGORIES = ["features", "limits", "pricing", "ui", "seo", "admin"] as const;

type ConfigRow = {
  key: string;
  known: boolean;
  category: string;
  type: string;
  isPublic: boolean;
  isSensitive: boolean;
  value: unknown;
  defaultValue: unknown;
  isDefault: boolean;
  isSet: boolean;
  updatedAt: Date | null;
};

export default function ConfigPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("platform.config.title"));
  const [category, setCategory] = useState("");
  const list = trpc.config.list.useQuery({
    category: (category || undefined) as (typeof CATEGORIES)[number] | undefined,
  });
  const [editing, setEditing] = useState<ConfigRow | null>(null);

  return (
    <Page className="max-w-7xl">
      <PageHeader title={t("platform.config.title")} description={t("platform.config.description")} />
      <div className="mb-3 flex gap-2">
        <FilterSelect
          label={t("platform.config.category")}
          allLabel={t("platform.config.allCategories")}
          className="sm:w-56"
          value={category}
          onChange={setCategory}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`platform.config.categories.${c}`) }))}
        />
      </div>
      <QueryStates query={list} loading={<TableSkeleton columns={4} rows={6} />}>
        {(rows) => (
          <PagedTable busy={list.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>{t("platform.config.colKey")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("platform.config.colValue")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("platform.config.colUpdated")}</TableHead>
                <TableHead className="w-px">
                  <span className="sr-only">{t("platform.common.edit")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.key} data-config-key={row.key}>
                  <TableCell className="max-w-md align-top">
                    <div className="flex flex-wrap items-center gap-1.5">
                      <code className="font-mono text-sm font-medium">{row.key}</code>
                      <Badge variant="outline">
                        {t(`platform.config.categories.${row.category}`, { defaultValue: row.category })}
                      </Badge>
                      {row.isPublic ? <Badge variant="primary">{t("platform.config.public")}</Badge> : null}
                      {row.isSensitive ? (
                        <Badge variant="warning">{t("platform.config.sensitive")}</Badge>
                      ) : null}
                      {!row.known ? <Badge>{t("platform.config.unknown")}</Badge> : null}
                    </div>
                    <p className="mt-1 break-all font-mono text-sm md:hidden">
                      {row.isSensitive && !row.isSet
                        ? t("platform.config.notSet")
                        : formatValue(row.value) || t("platform.common.empty")}
                    </p>
                    <p className="mt-1 text-sm text-muted-foreground">
                      {row.known
                        ? t(`platform.config.keys.${row.key.replaceAll(".", "_")}`, { defaultValue: "" })
                        : null}
                    </p>
                  </TableCell>
                  <TableCell className="hidden max-w-xs align-top md:table-cell">
                    <code className="break-all font-mono text-sm">
                      {row.isSensitive && !row.isSet
                        ? t("platform.config.notSet")
                        : formatValue(row.value) || t("platform.common.empty")}
                    </code>
                    {row.isDefault ? (
                      <span className="ms-2 text-xs text-muted-foreground">
                        {t("platform.config.default")}
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell className="hidden align-top text-sm text-muted-foreground md:table-cell">
                    {row.updatedAt ? <RelativeTime date={row.updatedAt} /> : t("platform.common.never")}
                  </TableCell>
                  <TableCell className="align-top">
                    {row.known ? (
                      <Button
                        variant="outline"
                        size="sm"
                        onClick={() => setEditing(row)}
                        aria-label={`${t("platform.common.edit")} ${row.key}`}
                      >
                        {t("platform.common.edit")}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </PagedTable>
        )}
      </QueryStates>
      <ConfigHistory />
      {editing ? <EditConfigDialog row={editing} onClose={() => setEditing(null)} /> : null}
    </Page>
  );
}

function EditConfigDialog({ row, onClose }: { row: ConfigRow; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const initial = row.isSensitive
    ? ""
    : row.type === "json"
      ? JSON.stringify(row.value)
      : String(row.value ?? "");
  const [text, setText] = useState(initial);
  const [bool, setBool] = useState(row.value === true);
  const [reason, setReason] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const update = trpc.config.update.useMutation({
    onSuccess: () => {
      toast.success(t("platform.config.saved", { key: row.key }));
      void utils.config.invalidate();
      onClose();
    },
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setJsonError(null);
    let value: unknown = text;
    if (row.type === "boolean") value = bool;
    else if (row.type === "number") value = text.trim() === "" ? Number.NaN : Number(text);
    else if (row.type === "json") {
      try {
        value = JSON.parse(text);
      } catch {
        setJsonError(t("platform.config.invalidJson"));
        return;
      }
    }
    update.mutate({ key: row.key, value, reason });
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{t("platform.config.editTitle", { key: row.key })}</DialogTitle>
            <DialogDescription>
              {t(`platform.config.keys.${row.key.replaceAll(".", "_")}`, { defaultValue: "" })}
            </DialogDescription>
          </DialogHeader>
          {row.type === "boolean" ? (
            <CheckboxField
              label={t("platform.config.enabled")}
              checked={bool}
              onCheckedChange={(v) => setBool(v === true)}
            />
          ) : (
            <FormField
              label={t("platform.config.valueLabel")}
              error={jsonError ?? fieldError(update.error, "value")}
              hint={
                row.type === "json"
                  ? t("platform.config.jsonHint", { example: JSON.stringify(row.defaultValue) })
                  : undefined
              }
            >
              {row.type === "json" || (row.type === "string" && !row.isSensitive) ? (
                <Textarea
                  name="value"
                  rows={row.type === "json" ? 4 : 2}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  className="font-mono"
                />
              ) : (
                <Input
                  name="value"
                  type={row.type === "number" ? "number" : row.isSensitive ? "password" : "text"}
                  autoComplete="off"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              )}
            </FormField>
          )}
          <FormField
            label={t("platform.config.reasonLabel")}
            hint={t("platform.config.reasonHint")}
            error={fieldError(update.error, "reason")}
          >
            <Input
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
            />
          </FormField>
          <FormError>{formError(update.error, ["value", "reason"])}</FormError>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {t("platform.common.cancel")}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t("platform.common.save")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ConfigHistory() {
  const { t } = useTranslation("admin");
  const audit = trpc.config.audit.useQuery({ limit: 20 });
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>{t("platform.config.historyTitle")}</CardTitle>
      </CardHeader>
      <CardContent>
        <QueryStates query={audit} loading={<TableSkeleton columns={3} rows={3} />} compactError>
          {(rows) =>
            rows.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("platform.config.historyEmpty")}</p>
            ) : (
              <ul className="grid gap-3">
                {rows.map((r) => (
                  <li key={r.id} className="grid gap-0.5 border-b pb-2 text-sm last:border-0">
                    <div className="flex flex-wrap items-center gap-2">
                      <code className="font-mono font-medium">{r.configKey}</code>
                      <span className="font-mono text-muted-foreground line-through">
                        {formatValue(r.oldValue ?? "")}
                      </span>
                      <span aria-hidden className="rtl:rotate-180">
                        →
                      </span>
                      <span className="font-mono">{formatValue(r.newValue)}</span>
                    </div>
                    <div className="text-muted-foreground">
                      “{r.changeReason}” ·{" "}
                      {t("platform.config.historyBy", {
                        who: r.changedByEmail ?? "—",
                        ip: r.ipAddress ?? "—",
                      })}{" "}
                      · <RelativeTime date={r.createdAt} />
                    </div>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryStates>
      </CardContent>
    </Card>
  );
}
