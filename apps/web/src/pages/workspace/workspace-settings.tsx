import { Alert } from "@quartet/ui/alert";
import { Page, PageHeader, Section } from "@quartet/ui/app-shell";
import { Button } from "@quartet/ui/button";
import { Card, CardContent } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Input } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { toast } from "@quartet/ui/toaster";
import { type ReactNode, useState } from "react";
import { useNavigate } from "react-router";
import { SaveChangesFooter, SettingsCardQuery } from "../../components/settings-card.tsx";
import { TimezoneSelect } from "../../components/timezone-select.tsx";
import { atLeast } from "../../lib/roles.ts";
import { lastWorkspace } from "../../lib/storage.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { WorkspaceSettingsTabs } from "./settings-tabs.tsx";

type OrgDetail = RouterOutputs["orgs"]["get"];

export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const detail = trpc.orgs.get.useQuery({ orgId: org.id });
  useDocumentTitle(t("settings.title"));

  return (
    <Page>
      <PageHeader title={t("settings.title")} description={t("settings.description", { org: org.name })} />
      <WorkspaceSettingsTabs />
      <div className="divide-y">
        <Section title={t("settings.general")} description={t("settings.generalBody")}>
          <SettingsCardQuery query={detail} skeletonLines={5}>
            {(data) => (
              // Keyed by the saved values so a save (or another admin's change) refreshes the form.
              <GeneralForm key={`${data.name}|${data.slug}|${data.timezone}`} detail={data} />
            )}
          </SettingsCardQuery>
        </Section>
        <Section title={t("settings.danger")} description={t("settings.dangerBody")} tone="danger">
          <DangerZone />
        </Section>
      </div>
    </Page>
  );
}

function GeneralForm({ detail }: { detail: OrgDetail }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const update = trpc.orgs.update.useMutation();
  const canEdit = atLeast(org.role, "ADMIN");
  const form = useForm({
    initialValues: { name: detail.name, slug: detail.slug, timezone: detail.timezone },
    validate: (v) => ({
      name: v.name.trim() ? undefined : t("validation.workspaceNameRequired"),
      slug: v.slug.trim() ? undefined : t("validation.slugRequired"),
    }),
    onSubmit: async (v) => {
      const updated = await update.mutateAsync({
        orgId: org.id,
        name: v.name.trim(),
        slug: v.slug.trim().toLowerCase(),
        timezone: v.timezone,
      });
      await Promise.all([utils.orgs.list.invalidate(), utils.orgs.get.invalidate({ orgId: org.id })]);
      toast.success(t("settings.saved"));
      if (updated.slug !== org.slug) {
        lastWorkspace.set(updated.slug);
        navigate(`/w/${updated.slug}/settings`, { replace: true });
      }
    },
  });
  return (
    <Card>
      <form onSubmit={form.handleSubmit} noValidate>
        <CardContent className="grid gap-4 pt-5">
          {!canEdit ? <Alert>{t("settings.readOnly")}</Alert> : null}
          <FormError>{form.formError}</FormError>
          <FormField label={t("fields.workspaceName")} error={form.errors.name}>
            <Input readOnly={!canEdit} {...form.field("name")} />
          </FormField>
          <FormField
            label={t("fields.workspaceAddress")}
            error={form.errors.slug}
            hint={t("settings.slugHint")}
          >
            <Input
              dir="ltr"
              readOnly={!canEdit}
              autoCapitalize="off"
              spellCheck={false}
              {...form.field("slug")}
            />
          </FormField>
          <FormField
            label={t("fields.timezone")}
            error={form.errors.timezone}
            hint={t("settings.timezoneHint")}
          >
            <TimezoneSelect disabled={!canEdit} {...form.field("timezone")} />
          </FormField>
        </CardContent>
        {canEdit ? <SaveChangesFooter form={form} /> : null}
      </form>
    </Card>
  );
}

function DangerZone() {
  const { t } = useTranslation();
  const org = useWorkspace();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const leave = trpc.orgs.leave.useMutation();
  const remove = trpc.orgs.delete.useMutation();
  const [confirm, setConfirm] = useState<"leave" | "delete" | null>(null);
  const isOwner = org.role === "OWNER";

  const goHome = async () => {
    if (lastWorkspace.get() === org.slug) lastWorkspace.set("");
    await utils.orgs.list.invalidate();
    navigate("/", { replace: true });
  };

  return (
    <Card className="border-destructive/30">
      {!org.isPersonal ? (
        <DangerRow
          title={t("settings.leaveTitle")}
          body={isOwner ? t("settings.leaveOwnerBody") : t("settings.leaveBody")}
          action={
            <Button variant="outline" onClick={() => setConfirm("leave")}>
              {t("settings.leave")}
            </Button>
          }
        />
      ) : null}
      {isOwner && !org.isPersonal ? (
        <DangerRow
          title={t("settings.deleteTitle")}
          body={t("settings.deleteBody")}
          action={
            <Button variant="destructive" onClick={() => setConfirm("delete")}>
              {t("settings.delete")}
            </Button>
          }
        />
      ) : null}
      {org.isPersonal ? (
        <p className="p-5 text-sm text-muted-foreground">{t("settings.personalNote")}</p>
      ) : null}

      <ConfirmDialog
        open={confirm === "leave"}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("settings.leaveConfirmTitle", { org: org.name })}
        description={t("settings.leaveConfirmBody", { org: org.name })}
        confirmLabel={t("settings.leave")}
        onConfirm={async () => {
          await leave.mutateAsync({ orgId: org.id });
          toast.success(t("settings.left", { org: org.name }));
          await goHome();
        }}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("settings.deleteConfirmTitle", { org: org.name })}
        description={t("settings.deleteConfirmBody", { org: org.name, count: org.memberCount })}
        confirmLabel={t("settings.deleteConfirm")}
        confirmText={org.slug}
        onConfirm={async () => {
          await remove.mutateAsync({ orgId: org.id, confirmSlug: org.slug });
          toast.success(t("settings.deleted", { org: org.name }));
          await goHome();
        }}
      />
    </Card>
  );
}

function DangerRow({ title, body, action }: { title: string; body: string; action: ReactNode }) {
  return (
    <div className="flex flex-col gap-3 border-b p-5 last-of-type:border-b-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="grid gap-1">
        <h3 className="font-medium">{title}</h3>
        <p className="text-sm text-muted-foreground">{body}</p>
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}
