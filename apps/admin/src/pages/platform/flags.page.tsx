import { Page, PageHeader } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { CheckboxField } from "@quartet/ui/checkbox";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { EmptyState } from "@quartet/ui/empty-state";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Flag, Plus } from "@quartet/ui/icons";
import { Input, Textarea } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { QueryStates } from "@quartet/ui/query-states";
import { RelativeTime } from "@quartet/ui/relative-time";
import { TableBody, TableCell, TableHead, TableHeader, TableRow, TableSkeleton } from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { useDeferredValue, useState } from "react";
import { PagedTable } from "../../components/paged-list.tsx";
import { trpc } from "../../lib/trpc.ts";
import { useAdminTitle } from "../../lib/use-admin-title.ts";
import { fieldError, formError } from "./shared.tsx";

type Tier = "FREE" | "PREMIUM";
interface FlagDraft {
  id?: string;
  name: string;
  description: string;
  enabled: boolean;
  userIds: string;
  userTiers: Tier[];
  rolloutPercent: string;
}

const blank: FlagDraft = {
  name: "",
  description: "",
  enabled: true,
  userIds: "",
  userTiers: [],
  rolloutPercent: "0",
};

const ruleOf = (d: FlagDraft) => ({
  name: d.name.trim(),
  description: d.description.trim() || null,
  enabled: d.enabled,
  userIds: d.userIds
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean),
  userTiers: d.userTiers,
  rolloutPercent: Math.round(Number(d.rolloutPercent) || 0),
});

export default function FlagsPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("platform.flags.title"));
  const list = trpc.flags.list.useQuery();
  const [editing, setEditing] = useState<FlagDraft | null>(null);

  return (
    <Page className="max-w-7xl">
      <PageHeader
        title={t("platform.flags.title")}
        description={t("platform.flags.description")}
        actions={
          <Button onClick={() => setEditing(blank)}>
            <Plus aria-hidden />
            {t("platform.flags.newFlag")}
          </Button>
        }
      />
      <QueryStates query={list} loading={<TableSkeleton columns={4} rows={4} />}>
        {(flags) =>
          flags.length === 0 ? (
            <EmptyState
              icon={Flag}
              title={t("platform.flags.emptyTitle")}
              description={t("platform.flags.emptyDescription")}
              action={<Button onClick={() => setEditing(blank)}>{t("platform.flags.newFlag")}</Button>}
            />
          ) : (
            <PagedTable busy={list.isFetching}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("platform.flags.colName")}</TableHead>
                  <TableHead>{t("platform.flags.colState")}</TableHead>
                  <TableHead>{t("platform.flags.colTargeting")}</TableHead>
                  <TableHead className="hidden md:table-cell">{t("platform.flags.colUpdated")}</TableHead>
                  <TableHead className="w-px">
                    <span className="sr-only">{t("platform.common.edit")}</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {flags.map((f) => (
                  <TableRow key={f.id}>
                    <TableCell>
                      <code className="font-mono text-sm font-medium">{f.name}</code>
                      {f.description ? (
                        <p className="text-sm text-muted-foreground">{f.description}</p>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <Badge variant={f.enabled ? "success" : "neutral"}>
                        {f.enabled ? t("platform.flags.on") : t("platform.flags.off")}
                      </Badge>
                    </TableCell>
                    <TableCell className="text-sm">
                      <Targeting userIds={f.userIds.length} tiers={f.userTiers} percent={f.rolloutPercent} />
                    </TableCell>
                    <TableCell className="hidden text-sm text-muted-foreground md:table-cell">
                      <RelativeTime date={f.updatedAt} />
                    </TableCell>
                    <TableCell>
                      <Button
                        variant="outline"
                        size="sm"
                        aria-label={`${t("platform.common.edit")} ${f.name}`}
                        onClick={() =>
                          setEditing({
                            id: f.id,
                            name: f.name,
                            description: f.description ?? "",
                            enabled: f.enabled,
                            userIds: f.userIds.join("\n"),
                            userTiers: f.userTiers as Tier[],
                            rolloutPercent: String(f.rolloutPercent),
                          })
                        }
                      >
                        {t("platform.common.edit")}
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </PagedTable>
          )
        }
      </QueryStates>
      {editing ? <FlagDialog initial={editing} onClose={() => setEditing(null)} /> : null}
    </Page>
  );
}

function Targeting({ userIds, tiers, percent }: { userIds: number; tiers: string[]; percent: number }) {
  const { t } = useTranslation("admin");
  const parts: string[] = [];
  if (userIds) parts.push(t("platform.flags.targetUsers", { count: userIds }));
  if (tiers.length)
    parts.push(
      t("platform.flags.targetTiers", { tiers: tiers.map((x) => t(`platform.flags.tier${x}`)).join(", ") }),
    );
  if (percent) parts.push(t("platform.flags.targetRollout", { percent }));
  return <span>{parts.length ? parts.join(" · ") : t("platform.flags.targetNobody")}</span>;
}

function FlagDialog({ initial, onClose }: { initial: FlagDraft; onClose: () => void }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const [draft, setDraft] = useState(initial);
  const [checkEmail, setCheckEmail] = useState("");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = (patch: Partial<FlagDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const done = (message: string) => {
    toast.success(message);
    void utils.flags.invalidate();
    onClose();
  };
  const create = trpc.flags.create.useMutation({
    onSuccess: (f) => done(t("platform.flags.created", { name: f.name })),
  });
  const update = trpc.flags.update.useMutation({
    onSuccess: (f) => done(t("platform.flags.saved", { name: f.name })),
  });
  const remove = trpc.flags.delete.useMutation({
    onSuccess: () => done(t("platform.flags.deleted", { name: initial.name })),
  });
  const mutation = initial.id ? update : create;
  const rule = ruleOf(draft);
  const deferredRule = useDeferredValue(rule);
  const deferredEmail = useDeferredValue(checkEmail.trim());
  const previewable =
    /^[a-z][a-z0-9_.-]+$/.test(deferredRule.name || "preview") && deferredRule.rolloutPercent <= 100;
  const preview = trpc.flags.preview.useQuery(
    {
      rule: {
        ...deferredRule,
        name: deferredRule.name || "preview",
        userIds: deferredRule.userIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
      },
      email: deferredEmail.includes("@") ? deferredEmail : undefined,
    },
    { enabled: previewable, placeholderData: (prev) => prev },
  );

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (initial.id) update.mutate({ ...rule, id: initial.id });
    else create.mutate(rule);
  };
  const fields = ["name", "description", "userIds", "userTiers", "rolloutPercent"];
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent size="lg">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>
              {initial.id
                ? t("platform.flags.editTitle", { name: initial.name })
                : t("platform.flags.createTitle")}
            </DialogTitle>
          </DialogHeader>
          <div className="grid gap-4 md:grid-cols-2">
            <div className="grid content-start gap-4">
              <FormField
                label={t("platform.flags.name")}
                hint={t("platform.flags.nameHint")}
                error={fieldError(mutation.error, "name")}
              >
                <Input
                  name="name"
                  value={draft.name}
                  onChange={(e) => set({ name: e.target.value })}
                  required
                  autoComplete="off"
                />
              </FormField>
              <FormField
                label={t("platform.flags.descriptionLabel")}
                optional
                error={fieldError(mutation.error, "description")}
              >
                <Input
                  name="description"
                  value={draft.description}
                  onChange={(e) => set({ description: e.target.value })}
                />
              </FormField>
              <CheckboxField
                label={t("platform.flags.enabledLabel")}
                description={t("platform.flags.enabledHint")}
                checked={draft.enabled}
                onCheckedChange={(v) => set({ enabled: v === true })}
              />
              <FormField
                label={t("platform.flags.rollout")}
                hint={t("platform.flags.rolloutHint")}
                error={fieldError(mutation.error, "rolloutPercent")}
              >
                <Input
                  name="rolloutPercent"
                  type="number"
                  min={0}
                  max={100}
                  value={draft.rolloutPercent}
                  onChange={(e) => set({ rolloutPercent: e.target.value })}
                />
              </FormField>
              <fieldset className="grid gap-2">
                <legend className="mb-1 text-sm font-medium">{t("platform.flags.tiers")}</legend>
                {(["FREE", "PREMIUM"] as const).map((tier) => (
                  <CheckboxField
                    key={tier}
                    label={t(`platform.flags.tier${tier}`)}
                    checked={draft.userTiers.includes(tier)}
                    onCheckedChange={(v) =>
                      set({
                        userTiers:
                          v === true ? [...draft.userTiers, tier] : draft.userTiers.filter((x) => x !== tier),
                      })
                    }
                  />
                ))}
              </fieldset>
              <FormField
                label={t("platform.flags.userIds")}
                optional
                error={fieldError(mutation.error, "userIds") ?? fieldError(mutation.error, "userIds.0")}
              >
                <Textarea
                  name="userIds"
                  rows={3}
                  className="font-mono text-xs"
                  value={draft.userIds}
                  onChange={(e) => set({ userIds: e.target.value })}
                />
              </FormField>
            </div>
            <section
              aria-labelledby="flag-preview"
              className="grid content-start gap-3 rounded-lg border bg-muted/40 p-4"
            >
              <h3 id="flag-preview" className="text-sm font-semibold">
                {t("platform.flags.previewTitle")}
              </h3>
              {preview.data ? (
                <>
                  <p
                    className="text-2xl font-semibold tabular-nums"
                    aria-live="polite"
                    data-testid="flag-preview-count"
                  >
                    {t("platform.flags.previewCount", {
                      matched: preview.data.matched,
                      total: preview.data.total,
                    })}
                  </p>
                  {preview.data.sample.length ? (
                    <div>
                      <p className="mb-1 text-xs text-muted-foreground">
                        {t("platform.flags.previewSample")}
                      </p>
                      <ul className="grid gap-0.5 text-sm">
                        {preview.data.sample.map((u) => (
                          <li key={u.id} className="truncate">
                            {u.email}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : (
                    <p className="text-sm text-muted-foreground">{t("platform.flags.previewNone")}</p>
                  )}
                </>
              ) : (
                <p className="text-sm text-muted-foreground">…</p>
              )}
              <FormField label={t("platform.flags.checkLabel")}>
                <Input
                  type="email"
                  placeholder={t("platform.flags.checkPlaceholder")}
                  value={checkEmail}
                  onChange={(e) => setCheckEmail(e.target.value)}
                />
              </FormField>
              {preview.data?.check ? (
                <p className="text-sm" aria-live="polite">
                  {!preview.data.check.found ? (
                    t("platform.flags.checkNotFound")
                  ) : (
                    <Badge
                      variant={preview.data.check.on ? "success" : "neutral"}
                      className="h-auto whitespace-normal py-1"
                    >
                      {t(preview.data.check.on ? "platform.flags.checkOn" : "platform.flags.checkOff", {
                        email: preview.data.check.email,
                        reason: t(`platform.flags.reasons.${preview.data.check.reason}`),
                      })}
                    </Badge>
                  )}
                </p>
              ) : null}
            </section>
          </div>
          <FormError>{formError(mutation.error, fields)}</FormError>
          <DialogFooter className="sm:justify-between">
            {initial.id ? (
              <Button
                type="button"
                variant="ghost"
                className="text-destructive"
                onClick={() => setConfirmDelete(true)}
              >
                {t("platform.flags.delete")}
              </Button>
            ) : (
              <span />
            )}
            <div className="flex gap-2">
              <Button type="button" variant="outline" onClick={onClose}>
                {t("platform.common.cancel")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t("platform.common.save")}
              </Button>
            </div>
          </DialogFooter>
        </form>
        {initial.id ? (
          <ConfirmDialog
            open={confirmDelete}
            onOpenChange={setConfirmDelete}
            title={t("platform.flags.deleteTitle", { name: initial.name })}
            description={t("platform.flags.deleteDescription", { name: initial.name })}
            confirmLabel={t("platform.flags.delete")}
            destructive
            onConfirm={() => remove.mutateAsync({ id: initial.id as string })}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
