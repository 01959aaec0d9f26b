import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { LockKeyhole, ShieldCheck } from "@quartet/ui/icons";
import { Input, PasswordInput } from "@quartet/ui/input";
import { errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { Trans, useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { AuthLayout, AuthLink, emphasis, StatusIcon } from "../../components/auth-layout.tsx";
import { OAuthButtons, OAuthNotice, useOAuthProviders } from "../../components/oauth-buttons.tsx";
import { useSession } from "../../lib/session.ts";
import { afterSignInPath } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = params.get("next");
  const session = useSession();
  const [step, setStep] = useState<"credentials" | "code" | "unlock" | null>(null);
  // Kept in memory only, for the unlock step: the code is sent with the password again.
  const [locked, setLocked] = useState<Credentials | null>(null);
  const navigate = useNavigate();
  const utils = trpc.useUtils();

  const done = async (linked?: string | null) => {
    await utils.auth.session.invalidate();
    if (linked) await utils.auth.oauthProviders.invalidate();
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
  if (current === "unlock" && locked) {
    return (
      <UnlockStep
        credentials={locked}
        onDone={done}
        onTwoFactor={() => setStep("code")}
        onRestart={() => {
          setLocked(null);
          setStep("credentials");
        }}
      />
    );
  }
  return (
    <CredentialsStep
      next={next}
      onTwoFactor={() => setStep("code")}
      onUnlock={(credentials) => {
        setLocked(credentials);
        setStep("unlock");
      }}
      onDone={done}
    />
  );
}

interface Credentials {
  email: string;
  password: string;
}

function CredentialsStep({
  next,
  onTwoFactor,
  onUnlock,
  onDone,
}: {
  next: string | null;
  onTwoFactor: () => void;
  onUnlock: (credentials: Credentials) => void;
  onDone: (linked?: string | null) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const signIn = trpc.auth.signIn.useMutation();
  const pendingLink = useOAuthProviders().data?.pendingLink ?? null;
  const resend = trpc.auth.resendVerification.useMutation();
  const [unverified, setUnverified] = useState(false);
  const form = useForm({
    initialValues: { email: params.get("email") ?? "", password: "" },
    validate: (v) => ({
      email: v.email.trim() ? undefined : t("validation.emailRequired"),
      password: v.password ? undefined : t("validation.passwordRequired"),
    }),
    onSubmit: async (values) => {
      setUnverified(false);
      try {
        const result = await signIn.mutateAsync(values);
        if (result.status === "TWO_FACTOR_REQUIRED") onTwoFactor();
        else if (result.status === "UNLOCK_CODE_REQUIRED") onUnlock(values);
        else {
          if (result.linked && pendingLink) toast.success(t("oauth.linked", { name: pendingLink.name }));
          await onDone(result.linked);
        }
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
      <div className="grid gap-4">
        <OAuthNotice />
        {pendingLink ? null : <OAuthButtons />}
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
      </div>
    </AuthLayout>
  );
}

function TwoFactorStep({
  onDone,
  onRestart,
}: {
  onDone: (linked?: string | null) => Promise<void>;
  onRestart: () => void;
}) {
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
      let linked: string | null = null;
      try {
        linked = (await verify.mutateAsync({ code: code.trim() })).linked;
      } catch (error) {
        if (errorReason(error) === "TWO_FACTOR_SESSION_EXPIRED") {
          toast.error(t("signIn.twoFactorExpired"));
          onRestart();
          return;
        }
        throw error;
      }
      await onDone(linked);
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

/**
 * The account was locked by failed sign-ins and the password was right: a one-time code went to
 * the address. The code is sent with the password again; a new code can be asked for.
 */
function UnlockStep({
  credentials,
  onDone,
  onTwoFactor,
  onRestart,
}: {
  credentials: Credentials;
  onDone: () => Promise<void>;
  onTwoFactor: () => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const signIn = trpc.auth.signIn.useMutation();
  const resend = trpc.auth.signIn.useMutation();
  const form = useForm({
    initialValues: { unlockCode: "" },
    validate: (v) => ({
      unlockCode: /^\d{6}$/.test(v.unlockCode.replace(/\s+/g, ""))
        ? undefined
        : t("validation.unlockCodeRequired"),
    }),
    onSubmit: async ({ unlockCode }) => {
      const result = await signIn.mutateAsync({ ...credentials, unlockCode: unlockCode.replace(/\s+/g, "") });
      if (result.status === "TWO_FACTOR_REQUIRED") onTwoFactor();
      else if (result.status === "SIGNED_IN") await onDone();
    },
  });

  const sendNewCode = async () => {
    try {
      await resend.mutateAsync(credentials);
      form.reset({ unlockCode: "" });
      toast.success(t("signIn.unlockResent", { email: credentials.email }));
    } catch (error) {
      toast.error(errorMessage(error, t("errors.generic")));
    }
  };

  return (
    <AuthLayout
      icon={<StatusIcon icon={LockKeyhole} />}
      title={t("signIn.unlockTitle")}
      description={
        <Trans
          i18nKey="signIn.unlockDescription"
          values={{ email: credentials.email }}
          components={emphasis}
        />
      }
      footer={
        <button type="button" className="font-medium text-primary hover:underline" onClick={onRestart}>
          {t("signIn.useAnotherAccount")}
        </button>
      }
    >
      <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
        <FormError>{form.formError}</FormError>
        <FormField
          label={t("fields.unlockCode")}
          error={form.errors.unlockCode}
          hint={t("signIn.unlockHint")}
        >
          <Input
            autoComplete="one-time-code"
            inputMode="numeric"
            autoFocus
            maxLength={7}
            spellCheck={false}
            className="font-mono tracking-[0.3em]"
            {...form.field("unlockCode")}
          />
        </FormField>
        <Button type="submit" size="lg" loading={form.submitting} className="w-full">
          {t("signIn.unlockSubmit")}
        </Button>
        <Button
          variant="link"
          className="justify-self-center text-sm"
          loading={resend.isPending}
          onClick={() => void sendNewCode()}
        >
          {t("signIn.unlockResend")}
        </Button>
        <p className="text-center text-sm text-muted-foreground">
          <Trans
            i18nKey="signIn.unlockNotYou"
            components={{
              reset: <Link to="/forgot-password" className="font-medium text-primary hover:underline" />,
            }}
          />
        </p>
      </form>
    </AuthLayout>
  );
}
