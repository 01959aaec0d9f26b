import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Clock, FlaskConical, Send, Trash2, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { timeZoneOffset } from "@quartet/ui/lib/time";
import { RelativeTime, useViewer } from "@quartet/ui/relative-time";
import { Select } from "@quartet/ui/select-menu";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useAdmin } from "../../lib/session.tsx";
import { trpc } from "../../lib/trpc.ts";
import {
  type Campaign,
  dateToZonedWallTime,
  LOCALES,
  type Locale,
  zonedWallTimeToDate,
} from "./campaign-shared.tsx";

type Segment = Parameters<
  ReturnType<typeof trpc.useUtils>["campaigns"]["countRecipients"]["fetch"]
>[0]["segment"];

/** Test send, schedule, send now, cancel and delete for a saved draft or scheduled campaign. */
export function CampaignSendPanel({
  campaign,
  dirty,
  segment,
}: {
  campaign: Campaign;
  dirty: boolean;
  segment: Segment;
}) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const refresh = async (next?: Campaign) => {
    if (next) utils.campaigns.get.setData({ id: campaign.id }, next);
    await Promise.all([
      utils.campaigns.get.invalidate({ id: campaign.id }),
      utils.campaigns.list.invalidate(),
    ]);
  };

  const [confirm, setConfirm] = useState<null | "send" | "cancel" | "delete">(null);
  const [sendCount, setSendCount] = useState<number | null>(null);
  const sendNow = trpc.campaigns.sendNow.useMutation();
  const cancel = trpc.campaigns.cancel.useMutation();
  const remove = trpc.campaigns.delete.useMutation();
  const [countError, setCountError] = useState<string | null>(null);

  // The count named in the confirmation is taken fresh when the dialog opens.
  const openSend = async () => {
    setCountError(null);
    try {
      const { count } = await utils.campaigns.countRecipients.fetch({ segment }, { staleTime: 0 });
      if (count === 0) {
        setCountError(t("campaigns.send.nobody"));
        return;
      }
      setSendCount(count);
      setConfirm("send");
    } catch (error) {
      setCountError(errorMessage(error, t("campaigns.editor.recipientsError")));
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("campaigns.send.title")}</CardTitle>
        {dirty ? (
          <p role="status" className="text-sm font-medium text-warning-soft-foreground">
            {t("campaigns.send.saveFirst")}
          </p>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-5">
        <TestSend campaign={campaign} disabled={dirty} />
        <hr className="border-border" />
        <Schedule campaign={campaign} disabled={dirty} onDone={refresh} />
        <hr className="border-border" />
        <section className="grid gap-2" aria-labelledby="send-now-title">
          <h3 id="send-now-title" className="text-sm font-semibold">
            {t("campaigns.send.nowTitle")}
          </h3>
          <p className="text-sm text-muted-foreground">{t("campaigns.send.nowDescription")}</p>
          <div>
            <Button onClick={openSend} disabled={dirty}>
              <Send aria-hidden />
              {t("campaigns.send.nowButton")}
            </Button>
          </div>
          <FormError>{countError}</FormError>
        </section>
        {campaign.status === "SCHEDULED" || campaign.status === "DRAFT" ? (
          <div className="flex flex-wrap gap-2 border-t pt-4">
            {campaign.status === "SCHEDULED" ? (
              <Button variant="outline" onClick={() => setConfirm("cancel")}>
                <X aria-hidden />
                {t("campaigns.send.cancelSchedule")}
              </Button>
            ) : (
              <Button variant="outline" onClick={() => setConfirm("delete")}>
                <Trash2 aria-hidden />
                {t("campaigns.send.delete")}
              </Button>
            )}
          </div>
        ) : null}
      </CardContent>

      <ConfirmDialog
        open={confirm === "send"}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={t("campaigns.send.confirmTitle", { name: campaign.name })}
        description={t("campaigns.send.confirmBody", { count: sendCount ?? 0 })}
        confirmLabel={t("campaigns.send.confirmButton", { count: sendCount ?? 0 })}
        onConfirm={async () => {
          const next = await sendNow.mutateAsync({ id: campaign.id });
          toast.success(t("campaigns.send.started"));
          await refresh(next);
        }}
      />
      <ConfirmDialog
        open={confirm === "cancel"}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("campaigns.send.cancelTitle", { name: campaign.name })}
        description={t("campaigns.send.cancelScheduledBody")}
        confirmLabel={t("campaigns.send.cancelConfirm")}
        onConfirm={async () => {
          const next = await cancel.mutateAsync({ id: campaign.id });
          toast.success(t("campaigns.send.cancelled"));
          await refresh(next);
        }}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("campaigns.send.deleteTitle", { name: campaign.name })}
        description={t("campaigns.send.deleteBody")}
        confirmLabel={t("campaigns.send.deleteConfirm")}
        onConfirm={async () => {
          await remove.mutateAsync({ id: campaign.id });
          toast.success(t("campaigns.send.deleted"));
          await utils.campaigns.list.invalidate();
          navigate("/campaigns", { replace: true });
        }}
      />
    </Card>
  );
}

function TestSend({ campaign, disabled }: { campaign: Campaign; disabled: boolean }) {
  const { t } = useTranslation("admin");
  const admin = useAdmin();
  const [locale, setLocale] = useState<Locale>("en");
  const test = trpc.campaigns.testSend.useMutation({
    onSuccess: (r) => toast.success(t("campaigns.send.testSent", { email: r.to })),
  });
  return (
    <section className="grid gap-2" aria-labelledby="test-send-title">
      <h3 id="test-send-title" className="text-sm font-semibold">
        {t("campaigns.send.testTitle")}
      </h3>
      <p className="text-sm text-muted-foreground">
        {t("campaigns.send.testDescription", { email: admin?.email ?? "" })}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <FormField label={t("campaigns.send.testLocale")} className="min-w-36">
          <Select
            value={locale}
            onValueChange={(v) => setLocale(v as Locale)}
            options={LOCALES.map((l) => ({ value: l, label: t(`campaigns.editor.localeNames.${l}`) }))}
          />
        </FormField>
        <Button
          variant="outline"
          loading={test.isPending}
          disabled={disabled}
          onClick={() => test.mutate({ id: campaign.id, locale })}
        >
          <FlaskConical aria-hidden />
          {t("campaigns.send.testButton")}
        </Button>
      </div>
      <FormError>
        {test.error ? errorMessage(test.error, t("campaigns.editor.recipientsError")) : null}
      </FormError>
    </section>
  );
}

function Schedule({
  campaign,
  disabled,
  onDone,
}: {
  campaign: Campaign;
  disabled: boolean;
  onDone: (next: Campaign) => Promise<unknown>;
}) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const zone = viewer.timeZone;
  const [wall, setWall] = useState(() =>
    campaign.scheduledAt ? dateToZonedWallTime(new Date(campaign.scheduledAt), zone) : "",
  );
  const [error, setError] = useState<string | null>(null);
  const schedule = trpc.campaigns.schedule.useMutation();
  const min = dateToZonedWallTime(new Date(), zone);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (schedule.isPending || disabled) return;
    const at = wall ? zonedWallTimeToDate(wall, zone) : null;
    if (!at) return setError(t("campaigns.send.scheduleRequired"));
    if (at.getTime() <= Date.now()) return setError(t("campaigns.send.scheduleFuture"));
    setError(null);
    try {
      const next = await schedule.mutateAsync({
        id: campaign.id,
        scheduledAt: at.toISOString(),
        timezone: zone,
      });
      toast.success(
        t("campaigns.send.scheduled", {
          when: viewer.dateTime(at, { dateStyle: "medium", timeStyle: "short" }),
        }),
      );
      await onDone(next);
    } catch (err) {
      setError(errorMessage(err, t("campaigns.send.scheduleFuture")));
    }
  };

  return (
    <form className="grid gap-2" onSubmit={submit} noValidate aria-labelledby="schedule-title">
      <h3 id="schedule-title" className="text-sm font-semibold">
        {t("campaigns.send.scheduleTitle")}
      </h3>
      {campaign.status === "SCHEDULED" && campaign.scheduledAt ? (
        <p className="flex flex-wrap items-center gap-1.5 text-sm" data-testid="scheduled-for">
          <Clock className="size-4 text-muted-foreground" aria-hidden />
          {t("campaigns.send.scheduledFor", {
            when: viewer.dateTime(campaign.scheduledAt, { dateStyle: "medium", timeStyle: "short" }),
            zone,
          })}
          <span className="text-muted-foreground">
            (<RelativeTime date={campaign.scheduledAt} />)
          </span>
        </p>
      ) : null}
      <div className="flex flex-wrap items-start gap-2">
        <FormField
          label={t("campaigns.send.scheduleAt")}
          hint={t("campaigns.send.scheduleHint", {
            zone: zone.replaceAll("_", " "),
            offset: timeZoneOffset(zone),
          })}
          error={error}
          className="min-w-56 flex-1"
        >
          <Input
            type="datetime-local"
            value={wall}
            min={min}
            onChange={(e) => {
              setWall(e.target.value);
              setError(null);
            }}
          />
        </FormField>
        <Button
          type="submit"
          variant="outline"
          className="mt-6.5"
          loading={schedule.isPending}
          disabled={disabled}
        >
          <Clock aria-hidden />
          {campaign.status === "SCHEDULED"
            ? t("campaigns.send.reschedule")
            : t("campaigns.send.scheduleButton")}
        </Button>
      </div>
    </form>
  );
}
