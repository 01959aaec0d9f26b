import { Button } from "@quartet/ui/button";
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
import { useViewer } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { type OrgBilling, trpc } from "../../lib/trpc.ts";
import { fieldError, formError } from "../platform/shared.tsx";

type Step = "form" | "confirm";
type Errors = Partial<Record<string, string>>;

/** YYYY-MM-DD of the day after today, in the browser's time (the date input's own calendar). */
function tomorrowIso(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The end of a chosen day (local time), the moment a comp runs to. */
const endOfDay = (iso: string) => new Date(`${iso}T23:59:59.999`);

/** After the server answered, refresh everything that shows the change. */
function useRefreshAfterGrant(orgId: string) {
  const utils = trpc.useUtils();
  return () =>
    Promise.all([
      utils.billing.org.invalidate({ orgId }),
      utils.billing.revenue.invalidate(),
      utils.orgs.get.invalidate({ orgId }),
      utils.orgs.list.invalidate(),
      utils.audit.list.invalidate(),
    ]);
}

/**
 * A grant in two steps: the form (required reason, errors under each field), then a plain summary
 * to confirm. Server field errors bring the form back with the message under its field; nothing
 * typed is lost.
 */
function GrantDialog({
  title,
  description,
  step,
  onBack,
  onClose,
  onReview,
  onConfirm,
  confirmLabel,
  summary,
  busy,
  error,
  children,
}: {
  title: string;
  description: string;
  step: Step;
  onBack: () => void;
  onClose: () => void;
  onReview: () => void;
  onConfirm: () => void;
  confirmLabel: string;
  summary: ReactNode;
  busy: boolean;
  error?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation("admin");
  const confirmRef = useRef<HTMLButtonElement>(null);
  const firstFieldRef = useRef<HTMLDivElement>(null);
  // Focus follows the step, so keyboard and screen reader users land on what changed.
  useEffect(() => {
    if (step === "confirm") confirmRef.current?.focus();
    else
      firstFieldRef.current
        ?.querySelector<HTMLElement>("[aria-invalid=true], select, input, textarea")
        ?.focus();
  }, [step]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (step === "form") onReview();
    else onConfirm();
  };
  return (
    <Dialog open onOpenChange={(open) => !open && !busy && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{step === "form" ? title : t("billing.panel.dialog.confirmTitle")}</DialogTitle>
            <DialogDescription>{step === "form" ? description : title}</DialogDescription>
          </DialogHeader>
          <div ref={firstFieldRef} className={step === "form" ? "grid gap-4" : "hidden"}>
            {children}
          </div>
          {step === "confirm" ? (
            <div className="rounded-md border bg-subtle/50 px-3 py-2.5 text-sm" data-testid="grant-summary">
              {summary}
            </div>
          ) : null}
          <FormError>{error}</FormError>
          <DialogFooter>
            {step === "form" ? (
              <>
                <Button type="button" variant="outline" onClick={onClose}>
                  {t("billing.panel.dialog.cancel")}
                </Button>
                <Button type="submit">{t("billing.panel.dialog.review")}</Button>
              </>
            ) : (
              <>
                <Button type="button" variant="outline" onClick={onBack} disabled={busy}>
                  {t("billing.panel.dialog.back")}
                </Button>
                <Button ref={confirmRef} type="submit" loading={busy}>
                  {confirmLabel}
                </Button>
              </>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ReasonField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { t } = useTranslation("admin");
  return (
    <FormField
      label={t("billing.panel.dialog.reasonLabel")}
      hint={t("billing.panel.dialog.reasonHint")}
      error={error}
    >
      <Textarea
        name="reason"
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={500}
      />
    </FormField>
  );
}

export function CompPlanDialog({
  data,
  orgName,
  onClose,
}: {
  data: OrgBilling;
  orgName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const sub = data.subscription;
  const compLive = sub?.provider === "MANUAL" && (sub.status === "ACTIVE" || sub.status === "TRIALING");
  const [plan, setPlan] = useState<"PRO" | "BUSINESS" | "FREE">(
    compLive && sub.plan !== "FREE" ? (sub.plan === "PRO" ? "BUSINESS" : "PRO") : "PRO",
  );
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<Step>("form");
  const [errors, setErrors] = useState<Errors>({});
  const refresh = useRefreshAfterGrant(data.orgId);
  const grant = trpc.billing.grantCompPlan.useMutation({
    onSuccess: async () => {
      await refresh();
      toast.success(
        plan === "FREE"
          ? t("billing.panel.compDialog.ended", { org: orgName })
          : t("billing.panel.compDialog.done", { org: orgName, plan: t(`plans.${plan}`) }),
      );
      onClose();
    },
    onError: (error) => {
      const untilError = fieldError(error, "until");
      const reasonError = fieldError(error, "reason");
      if (untilError || reasonError) {
        setErrors({ until: untilError, reason: reasonError });
        setStep("form");
      }
    },
  });

  const review = () => {
    const next: Errors = {};
    if (reason.trim().length < 3) next.reason = t("billing.panel.dialog.reasonRequired");
    if (plan !== "FREE" && until && until < tomorrowIso())
      next.until = t("billing.panel.compDialog.untilPast");
    setErrors(next);
    grant.reset();
    if (Object.keys(next).length === 0) setStep("confirm");
  };
  const planName = t(`plans.${plan}`);
  const summary =
    plan === "FREE"
      ? t("billing.panel.compDialog.confirmEnd", { org: orgName })
      : until
        ? t("billing.panel.compDialog.confirmGrant", {
            org: orgName,
            plan: planName,
            until: viewer.dateTime(endOfDay(until), { dateStyle: "long", timeStyle: null }),
          })
        : t("billing.panel.compDialog.confirmGrantOpen", { org: orgName, plan: planName });

  return (
    <GrantDialog
      title={t("billing.panel.compDialog.title")}
      description={t("billing.panel.compDialog.description", { org: orgName })}
      step={step}
      onBack={() => setStep("form")}
      onClose={onClose}
      onReview={review}
      onConfirm={() =>
        grant.mutate({
          orgId: data.orgId,
          plan,
          until: plan !== "FREE" && until ? endOfDay(until) : null,
          reason: reason.trim(),
        })
      }
      confirmLabel={
        plan === "FREE"
          ? t("billing.panel.compDialog.confirmEndLabel")
          : t("billing.panel.compDialog.confirm", { plan: planName })
      }
      summary={
        <>
          <p>{summary}</p>
          <p className="mt-1 text-muted-foreground">
            {t("billing.panel.dialog.reasonLabel")}:{" "}
            <q>
              <bdi>{reason.trim()}</bdi>
            </q>
          </p>
        </>
      }
      busy={grant.isPending}
      error={step === "confirm" ? formError(grant.error, ["until", "reason"]) : undefined}
    >
      <FormField label={t("billing.panel.compDialog.planLabel")}>
        <NativeSelect name="plan" value={plan} onChange={(e) => setPlan(e.target.value as typeof plan)}>
          <option value="PRO">{t("plans.PRO")}</option>
          <option value="BUSINESS">{t("plans.BUSINESS")}</option>
          {compLive ? <option value="FREE">{t("billing.panel.compDialog.endComp")}</option> : null}
        </NativeSelect>
      </FormField>
      {plan !== "FREE" ? (
        <FormField
          label={t("billing.panel.compDialog.untilLabel")}
          hint={t("billing.panel.compDialog.untilHint")}
          error={errors.until}
          optional
        >
          <Input
            name="until"
            type="date"
            min={tomorrowIso()}
            value={until}
            onChange={(e) => setUntil(e.target.value)}
          />
        </FormField>
      ) : null}
      <ReasonField value={reason} onChange={setReason} error={errors.reason} />
    </GrantDialog>
  );
}

export function DayPassDialog({
  data,
  orgName,
  onClose,
}: {
  data: OrgBilling;
  orgName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation("admin");
  const viewer = useViewer();
  const [userId, setUserId] = useState(data.members.length === 1 ? (data.members[0]?.userId ?? "") : "");
  const [hours, setHours] = useState("24");
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<Step>("form");
  const [errors, setErrors] = useState<Errors>({});
  const refresh = useRefreshAfterGrant(data.orgId);
  const member = data.members.find((m) => m.userId === userId);
  const who = member ? member.name || member.email : "";
  const grant = trpc.billing.grantDayPass.useMutation({
    onSuccess: async (pass) => {
      await refresh();
      toast.success(t("billing.panel.dayPassDialog.done", { who, until: viewer.dateTime(pass.endsAt) }));
      onClose();
    },
    onError: (error) => {
      const next = {
        userId: fieldError(error, "userId"),
        hours: fieldError(error, "hours"),
        reason: fieldError(error, "reason"),
      };
      if (next.userId || next.hours || next.reason) {
        setErrors(next);
        setStep("form");
      }
    },
  });
  const count = Number(hours);
  const review = () => {
    const next: Errors = {};
    if (!userId) next.userId = t("billing.panel.dayPassDialog.personRequired");
    if (!/^\d+$/.test(hours.trim()) || count < 1 || count > 744)
      next.hours = t("billing.panel.dayPassDialog.hoursInvalid");
    if (reason.trim().length < 3) next.reason = t("billing.panel.dialog.reasonRequired");
    setErrors(next);
    grant.reset();
    if (Object.keys(next).length === 0) setStep("confirm");
  };
  return (
    <GrantDialog
      title={t("billing.panel.dayPassDialog.title")}
      description={t("billing.panel.dayPassDialog.description", { org: orgName })}
      step={step}
      onBack={() => setStep("form")}
      onClose={onClose}
      onReview={review}
      onConfirm={() => grant.mutate({ orgId: data.orgId, userId, hours: count, reason: reason.trim() })}
      confirmLabel={t("billing.panel.dayPassDialog.confirm")}
      summary={
        <>
          <p>{t("billing.panel.dayPassDialog.confirmText", { who, count })}</p>
          <p className="mt-1 text-muted-foreground">
            {t("billing.panel.dialog.reasonLabel")}:{" "}
            <q>
              <bdi>{reason.trim()}</bdi>
            </q>
          </p>
        </>
      }
      busy={grant.isPending}
      error={step === "confirm" ? formError(grant.error, ["userId", "hours", "reason"]) : undefined}
    >
      <FormField label={t("billing.panel.dayPassDialog.personLabel")} error={errors.userId}>
        <NativeSelect name="userId" value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">{t("billing.panel.dayPassDialog.personPlaceholder")}</option>
          {data.members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name ? `${m.name} (${m.email})` : m.email}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField
        label={t("billing.panel.dayPassDialog.hoursLabel")}
        hint={t("billing.panel.dayPassDialog.hoursHint")}
        error={errors.hours}
      >
        <Input
          name="hours"
          type="number"
          inputMode="numeric"
          min={1}
          max={744}
          step={1}
          value={hours}
          onChange={(e) => setHours(e.target.value)}
        />
      </FormField>
      <ReasonField value={reason} onChange={setReason} error={errors.reason} />
    </GrantDialog>
  );
}
