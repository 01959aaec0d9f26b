import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { ShieldCheck } from "@quartet/ui/icons";
import { Input, PasswordInput } from "@quartet/ui/input";
import { errorReason } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { AuthLayout, AuthLink, StatusIcon } from "../../components/auth-layout.tsx";
import { useSession } from "../../lib/session.ts";
import { afterSignInPath } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = params.get("next");
  const session = useSession();
  const [step, setStep] = useState<"credentials" | "code" | null>(null);
  const navigate = useNavigate();
  const utils = trpc.useUtils();

  const done = async () => {
    await utils.auth.session.invalidate();
    navigate(afterSignInPath(next), { replace: true });
  };

  if (session.isPending) {
    return (
      <AuthLayout title={t("signIn.title")}>
        <div className="grid gap-4" aria-hidden>
          <Skeleton className="h-14" />
          <Skeleton className="h-14" />
          <Skeleton className="h-9" />
        </div>
      </AuthLayout>
    );
  }
  // Already signed in: go where they were heading.
  if (session.data && !session.data.twoFactorPending && step === null) {
    return <Navigate to={afterSignInPath(next)} replace />;
  }
  // A reload during the second step keeps the person on it.
  const current = step ?? (session.data?.twoFactorPending ? "code" : "credentials");
  if (current === "code") {
    return <TwoFactorStep onDone={done} onRestart={() => setStep("credentials")} />;
  }
  return <CredentialsStep next={next} onTwoFactor={() => setStep("code")} onDone={done} />;
}

function CredentialsStep({
  next,
  onTwoFactor,
  onDone,
}: {
  next: string | null;
  onTwoFactor: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const signIn = trpc.auth.signIn.useMutation();
  const resend = trpc.auth.resendVerification.useMutation();
  const [unverified, setUnverified] = useState(false);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: (v) => ({
      email: v.email.trim() ? undefined : t("validation.emailRequired"),
      password: v.password ? undefined : t("validation.passwordRequired"),
    }),
    onSubmit: async (values) => {
      setUnverified(false);
      try {
        const result = await signIn.mutateAsync(values);
        if (result.status === "TWO_FACTOR_REQUIRED") onTwoFactor();
        else await onDone();
      } catch (error) {
        if (errorReason(error) === "EMAIL_NOT_VERIFIED") setUnverified(true);
        throw error;
      }
    },
  });

  const signUpHref = next ? `/sign-up?next=${encodeURIComponent(next)}` : "/sign-up";

  return (
    <AuthLayout
      title={t("signIn.title")}
      description={t("signIn.description")}
      footer={
        <>
          {t("signIn.noAccount")} <AuthLink to={signUpHref}>{t("signIn.createAccount")}</AuthLink>
        </>
      }
    >
      <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
        {unverified ? (
          <Alert
            variant="warning"
            title={t("signIn.unverifiedTitle")}
            action={
              <Button
                size="sm"
                variant="outline"
                loading={resend.isPending}
                onClick={async () => {
                  await resend.mutateAsync({ email: form.values.email });
                  toast.success(t("checkEmail.resent"));
                }}
              >
                {t("checkEmail.resend")}
              </Button>
            }
          >
            {t("signIn.unverifiedBody")}
          </Alert>
        ) : (
          <FormError>{form.formError}</FormError>
        )}
        <FormField label={t("fields.email")} error={form.errors.email}>
          <Input type="email" autoComplete="email" autoFocus inputMode="email" {...form.field("email")} />
        </FormField>
        <FormField
          label={t("fields.password")}
          error={form.errors.password}
          labelAside={
            <Link to="/forgot-password" className="text-sm text-primary hover:underline">
              {t("signIn.forgot")}
            </Link>
          }
        >
          <PasswordInput autoComplete="current-password" {...form.field("password")} />
        </FormField>
        <Button type="submit" size="lg" loading={form.submitting} className="mt-1 w-full">
          {t("signIn.submit")}
        </Button>
      </form>
    </AuthLayout>
  );
}

function TwoFactorStep({ onDone, onRestart }: { onDone: () => Promise<void>; onRestart: () => void }) {
  const { t } = useTranslation();
  const [recovery, setRecovery] = useState(false);
  const verify = trpc.auth.signInTwoFactor.useMutation();
  const form = useForm({
    initialValues: { code: "" },
    validate: (v) => ({
      code: v.code.trim()
        ? undefined
        : t(recovery ? "validation.recoveryRequired" : "validation.codeRequired"),
    }),
    onSubmit: async ({ code }) => {
      try {
        await verify.mutateAsync({ code: code.trim() });
      } catch (error) {
        if (errorReason(error) === "TWO_FACTOR_SESSION_EXPIRED") {
          toast.error(t("signIn.twoFactorExpired"));
          onRestart();
          return;
        }
        throw error;
      }
      await onDone();
    },
  });

  return (
    <AuthLayout
      icon={<StatusIcon icon={ShieldCheck} />}
      title={t("signIn.twoFactorTitle")}
      description={recovery ? t("signIn.recoveryDescription") : t("signIn.twoFactorDescription")}
      footer={
        <button type="button" className="font-medium text-primary hover:underline" onClick={onRestart}>
          {t("signIn.useAnotherAccount")}
        </button>
      }
    >
      <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
        <FormError>{form.formError}</FormError>
        {recovery ? (
          <FormField key="recovery" label={t("fields.recoveryCode")} error={form.errors.code}>
            <Input
              autoComplete="off"
              autoFocus
              spellCheck={false}
              autoCapitalize="off"
              {...form.field("code")}
            />
          </FormField>
        ) : (
          <FormField key="totp" label={t("fields.authCode")} error={form.errors.code}>
            <Input
              autoComplete="one-time-code"
              inputMode="numeric"
              autoFocus
              maxLength={6}
              className="font-mono tracking-[0.3em]"
              {...form.field("code")}
            />
          </FormField>
        )}
        <Button type="submit" size="lg" loading={form.submitting} className="w-full">
          {t("signIn.verify")}
        </Button>
        <Button
          variant="link"
          className="justify-self-center text-sm"
          onClick={() => {
            setRecovery((r) => !r);
            form.reset({ code: "" });
          }}
        >
          {recovery ? t("signIn.useAuthApp") : t("signIn.useRecovery")}
        </Button>
      </form>
    </AuthLayout>
  );
}
