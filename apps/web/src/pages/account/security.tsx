import { Alert } from "@quartet/ui/alert";
import { Section } from "@quartet/ui/app-shell";
import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardFooter } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { CopyButton } from "@quartet/ui/copy-button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Download, KeyRound, ShieldCheck, ShieldOff } from "@quartet/ui/icons";
import { Input, PasswordInput } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { useUser } from "../../lib/session.ts";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { PASSWORD_MIN } from "../auth/sign-up.tsx";
import { SignInMethods } from "./sign-in-methods.tsx";

export function SecurityPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("account.tabs.security"));
  return (
    <div className="divide-y">
      <Section title={t("security.passwordTitle")} description={t("security.passwordDescription")}>
        <ChangePassword />
      </Section>
      <Section title={t("security.twoFactorTitle")} description={t("security.twoFactorDescription")}>
        <TwoFactor />
      </Section>
      <Section title={t("signInMethods.title")} description={t("signInMethods.description")}>
        <SignInMethods />
      </Section>
    </div>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const user = useUser();
  const change = trpc.me.changePassword.useMutation();
  const utils = trpc.useUtils();
  const empty = { currentPassword: "", newPassword: "", confirm: "" };
  const form = useForm({
    initialValues: empty,
    validate: (v) => ({
      currentPassword: v.currentPassword ? undefined : t("validation.passwordRequired"),
      newPassword:
        v.newPassword.length >= PASSWORD_MIN
          ? undefined
          : t("validation.passwordLength", { count: PASSWORD_MIN }),
      confirm: v.confirm === v.newPassword ? undefined : t("validation.passwordsDiffer"),
    }),
    onSubmit: async ({ currentPassword, newPassword }) => {
      await change.mutateAsync({ currentPassword, newPassword });
      form.reset(empty);
      await utils.sessions.list.invalidate();
      toast.success(t("security.passwordChanged"), { description: t("security.passwordChangedBody") });
    },
  });
  return (
    <Card>
      <form onSubmit={form.handleSubmit} noValidate>
        <CardContent className="grid gap-4 pt-5">
          <FormError>{form.formError}</FormError>
          {/* Lets password managers attach the new password to the right account. */}
          <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <FormField label={t("fields.currentPassword")} error={form.errors.currentPassword}>
            <PasswordInput autoComplete="current-password" {...form.field("currentPassword")} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              label={t("fields.newPassword")}
              error={form.errors.newPassword}
              hint={t("signUp.passwordHint", { count: PASSWORD_MIN })}
            >
              <PasswordInput autoComplete="new-password" {...form.field("newPassword")} />
            </FormField>
            <FormField label={t("fields.confirmPassword")} error={form.errors.confirm}>
              <PasswordInput autoComplete="new-password" {...form.field("confirm")} />
            </FormField>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={form.submitting}>
            {t("security.changePassword")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

type Setup = RouterOutputs["me"]["twoFactorSetup"];

function TwoFactor() {
  const { t } = useTranslation();
  const user = useUser();
  const utils = trpc.useUtils();
  const setupMutation = trpc.me.twoFactorSetup.useMutation();
  const disable = trpc.me.twoFactorDisable.useMutation();
  const regenerate = trpc.me.regenerateRecoveryCodes.useMutation();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirm, setConfirm] = useState<"disable" | "regenerate" | null>(null);
  const [password, setPassword] = useState("");

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          setSetup(null);
        }}
      />
    );
  }

  if (setup && !user.twoFactorEnabled) {
    return (
      <EnableTwoFactor
        setup={setup}
        onCancel={() => setSetup(null)}
        onEnabled={async (recoveryCodes) => {
          setCodes(recoveryCodes);
          await utils.auth.session.invalidate();
          toast.success(t("security.twoFactorOn"));
        }}
      />
    );
  }

  const askPassword = (kind: "disable" | "regenerate") => {
    setPassword("");
    setConfirm(kind);
  };

  return (
    <Card>
      <CardContent className="flex flex-col gap-4 pt-5 sm:flex-row sm:items-start">
        <div
          className={`flex size-10 shrink-0 items-center justify-center rounded-full ${user.twoFactorEnabled ? "bg-success-soft text-success-soft-foreground" : "bg-muted text-muted-foreground"}`}
        >
          {user.twoFactorEnabled ? (
            <ShieldCheck className="size-5" aria-hidden />
          ) : (
            <ShieldOff className="size-5" aria-hidden />
          )}
        </div>
        <div className="grid flex-1 gap-1">
          <div className="flex items-center gap-2">
            <h3 className="font-medium">{t("security.authenticatorApp")}</h3>
            {user.twoFactorEnabled ? (
              <Badge variant="success">{t("security.on")}</Badge>
            ) : (
              <Badge>{t("security.off")}</Badge>
            )}
          </div>
          <p className="text-sm text-muted-foreground">
            {user.twoFactorEnabled ? t("security.enabledBody") : t("security.disabledBody")}
          </p>
        </div>
      </CardContent>
      <CardFooter>
        {user.twoFactorEnabled ? (
          <>
            <Button variant="outline" onClick={() => askPassword("regenerate")}>
              <KeyRound aria-hidden />
              {t("security.regenerate")}
            </Button>
            <Button variant="destructive" onClick={() => askPassword("disable")}>
              {t("security.turnOff")}
            </Button>
          </>
        ) : (
          <>
            <FormError className="flex-1">
              {setupMutation.error ? setupMutation.error.message : null}
            </FormError>
            <Button
              loading={setupMutation.isPending}
              onClick={async () => {
                try {
                  setSetup(await setupMutation.mutateAsync());
                } catch {
                  // shown in the footer
                }
              }}
            >
              {t("security.setUp")}
            </Button>
          </>
        )}
      </CardFooter>

      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive={confirm === "disable"}
        title={confirm === "disable" ? t("security.disableTitle") : t("security.regenerateTitle")}
        description={confirm === "disable" ? t("security.disableBody") : t("security.regenerateBody")}
        confirmLabel={confirm === "disable" ? t("security.turnOff") : t("security.regenerate")}
        canConfirm={password.length > 0}
        onConfirm={async () => {
          if (confirm === "disable") {
            await disable.mutateAsync({ password });
            await utils.auth.session.invalidate();
            toast.success(t("security.twoFactorOff"));
          } else {
            const result = await regenerate.mutateAsync({ password });
            setCodes(result.recoveryCodes);
          }
        }}
      >
        <FormField label={t("fields.password")}>
          <PasswordInput
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </FormField>
      </ConfirmDialog>
    </Card>
  );
}

function EnableTwoFactor({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: Setup;
  onCancel: () => void;
  onEnabled: (codes: string[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const enable = trpc.me.twoFactorEnable.useMutation();
  const form = useForm({
    initialValues: { code: "" },
    validate: (v) => ({ code: /^\d{6}$/.test(v.code.trim()) ? undefined : t("validation.codeSixDigits") }),
    onSubmit: async ({ code }) => {
      const result = await enable.mutateAsync({ code: code.trim() });
      await onEnabled(result.recoveryCodes);
    },
  });
  return (
    <Card>
      <form onSubmit={form.handleSubmit} noValidate>
        <CardContent className="grid gap-5 pt-5">
          <ol className="grid gap-5">
            <li className="grid gap-3">
              <p className="text-sm">
                <span className="font-medium">1. </span>
                {t("security.step1")}
              </p>
              <div className="flex flex-col items-start gap-4 sm:flex-row">
                <img
                  src={setup.qrDataUrl}
                  alt={t("security.qrAlt")}
                  className="size-44 shrink-0 rounded-lg border bg-white p-2"
                  width={176}
                  height={176}
                />
                <div className="grid min-w-0 gap-2 text-sm">
                  <p className="text-muted-foreground">{t("security.cantScan")}</p>
                  <code
                    dir="ltr"
                    className="break-all rounded-md bg-muted px-2 py-1.5 font-mono text-xs"
                    data-testid="totp-secret"
                  >
                    {setup.secret}
                  </code>
                  <CopyButton
                    value={setup.secret}
                    label={t("security.copyKey")}
                    className="justify-self-start"
                  />
                </div>
              </div>
            </li>
            <li className="grid gap-3">
              <p className="text-sm">
                <span className="font-medium">2. </span>
                {t("security.step2")}
              </p>
              <FormError>{form.formError}</FormError>
              <FormField label={t("fields.authCode")} error={form.errors.code} className="max-w-56">
                <Input
                  autoFocus
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  className="font-mono tracking-[0.3em]"
                  {...form.field("code")}
                />
              </FormField>
            </li>
          </ol>
        </CardContent>
        <CardFooter>
          <Button variant="ghost" onClick={onCancel} disabled={form.submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t("security.enable")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const text = codes.join("\n");
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([`${t("security.codesFileHeader")}\n\n${text}\n`], { type: "text/plain" }),
    );
    const a = document.createElement("a");
    a.href = url;
    a.download = "quartet-recovery-codes.txt";
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Card>
      <CardContent className="grid gap-4 pt-5">
        <Alert variant="warning" title={t("security.codesTitle")} role="status">
          {t("security.codesBody")}
        </Alert>
        <ul
          dir="ltr"
          className="grid grid-cols-2 gap-2 rounded-lg border bg-subtle p-4 font-mono text-sm"
          aria-label={t("security.codesTitle")}
        >
          {codes.map((c) => (
            <li key={c} className="tracking-wide">
              {c}
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <CopyButton value={text} label={t("security.copyCodes")} />
          <Button variant="outline" size="sm" onClick={download}>
            <Download aria-hidden />
            {t("security.downloadCodes")}
          </Button>
        </div>
      </CardContent>
      <CardFooter>
        <Button onClick={onDone}>{t("security.savedCodes")}</Button>
      </CardFooter>
    </Card>
  );
}
