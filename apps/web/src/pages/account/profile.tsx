import { Section } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Input, PasswordInput } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { isLanguage, LANGUAGES, useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { useViewer } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { SaveChangesFooter, SettingsCardQuery } from "../../components/settings-card.tsx";
import { TimezoneSelect } from "../../components/timezone-select.tsx";
import { useUser } from "../../lib/session.ts";
import { signOutIntent } from "../../lib/session-events.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";

type Profile = RouterOutputs["me"]["get"];

export function ProfilePage() {
  const { t } = useTranslation();
  const profile = trpc.me.get.useQuery();
  useDocumentTitle(t("account.tabs.profile"));
  return (
    <div className="divide-y">
      <Section title={t("profile.title")} description={t("profile.description")}>
        <SettingsCardQuery query={profile} skeletonLines={6}>
          {(data) => (
            <ProfileForm
              key={`${data.name}|${data.locale}|${data.timezone}|${data.avatarUrl}`}
              profile={data}
            />
          )}
        </SettingsCardQuery>
      </Section>
      <Section title={t("profile.deleteTitle")} description={t("profile.deleteDescription")} tone="danger">
        <DeleteAccount />
      </Section>
    </div>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const utils = trpc.useUtils();
  const update = trpc.me.update.useMutation();
  const { setLanguage } = useLanguage();
  const viewer = useViewer();
  const form = useForm({
    initialValues: {
      name: profile.name ?? "",
      locale: profile.locale,
      timezone: profile.timezone,
      avatarUrl: profile.avatarUrl ?? "",
    },
    validate: (v) => ({ name: v.name.trim() ? undefined : t("validation.nameRequired") }),
    onSubmit: async (v) => {
      await update.mutateAsync({
        name: v.name.trim(),
        locale: isLanguage(v.locale) ? v.locale : undefined,
        timezone: v.timezone,
        avatarUrl: v.avatarUrl.trim() || null,
      });
      if (isLanguage(v.locale)) setLanguage(v.locale);
      await Promise.all([utils.me.get.invalidate(), utils.auth.session.invalidate()]);
      toast.success(t("profile.saved"));
    },
  });
  return (
    <Card>
      <form onSubmit={form.handleSubmit} noValidate>
        <CardContent className="grid gap-4 pt-5">
          <div className="flex items-center gap-3">
            <Avatar name={form.values.name || profile.email} src={form.values.avatarUrl || null} size="lg" />
            <div className="grid min-w-0">
              <span className="truncate font-medium">{profile.email}</span>
              <span className="flex flex-wrap items-center gap-1.5 text-sm text-muted-foreground">
                {profile.emailVerifiedAt ? <Badge variant="success">{t("profile.verified")}</Badge> : null}
                {t("profile.memberSince", {
                  date: viewer.dateTime(profile.createdAt, { dateStyle: "medium", timeStyle: null }),
                })}
              </span>
            </div>
          </div>
          <FormError>{form.formError}</FormError>
          <FormField label={t("fields.name")} error={form.errors.name}>
            <Input autoComplete="name" {...form.field("name")} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label={t("fields.language")} error={form.errors.locale}>
              <NativeSelect {...form.field("locale")}>
                {LANGUAGES.map((l) => (
                  <option key={l.code} value={l.code} lang={l.code}>
                    {l.label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField label={t("fields.timezone")} error={form.errors.timezone}>
              <TimezoneSelect {...form.field("timezone")} />
            </FormField>
          </div>
          <FormField
            label={t("fields.avatarUrl")}
            optional
            error={form.errors.avatarUrl}
            hint={t("profile.avatarHint")}
          >
            <Input
              type="url"
              dir="ltr"
              inputMode="url"
              placeholder="https://…"
              {...form.field("avatarUrl")}
            />
          </FormField>
        </CardContent>
        <SaveChangesFooter form={form} />
      </form>
    </Card>
  );
}

function DeleteAccount() {
  const { t } = useTranslation();
  const user = useUser();
  const utils = trpc.useUtils();
  const remove = trpc.me.deleteAccount.useMutation();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  return (
    <Card className="border-destructive/30">
      <div className="flex flex-col gap-3 p-5 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">{t("profile.deleteBody")}</p>
        <Button
          variant="destructive"
          className="shrink-0"
          onClick={() => {
            setPassword("");
            setOpen(true);
          }}
        >
          {t("profile.deleteButton")}
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        destructive
        title={t("profile.deleteConfirmTitle")}
        description={t("profile.deleteConfirmBody", { email: user.email })}
        confirmLabel={t("profile.deleteConfirm")}
        confirmText={user.email}
        canConfirm={password.length > 0}
        onConfirm={async () => {
          signOutIntent.current = true;
          signOutIntent.message = t("profile.deleted");
          try {
            await remove.mutateAsync({ password });
          } catch (error) {
            signOutIntent.current = false;
            signOutIntent.message = undefined;
            throw error;
          }
          await utils.auth.session.invalidate();
        }}
      >
        <FormField label={t("fields.password")}>
          <PasswordInput
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </FormField>
      </ConfirmDialog>
    </Card>
  );
}
