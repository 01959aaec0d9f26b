import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { Input, PasswordInput } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { browserTimeZone } from "@quartet/ui/lib/time";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { AuthLayout, AuthLink } from "../../components/auth-layout.tsx";
import { OAuthButtons } from "../../components/oauth-buttons.tsx";
import { usePublicConfig } from "../../lib/platform.ts";
import { useSession } from "../../lib/session.ts";
import { afterSignInPath } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";

export const PASSWORD_MIN = 8;

export function SignUpPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [params] = useSearchParams();
  const next = params.get("next");
  const navigate = useNavigate();
  const session = useSession();
  const signUp = trpc.auth.signUp.useMutation();
  // Sign-ups can be paused from the admin console (App config → auth.signup_enabled).
  const closed = usePublicConfig().data?.["auth.signup_enabled"] === false;
  const form = useForm({
    initialValues: { name: "", email: params.get("email") ?? "", password: "" },
    validate: (v) => ({
      name: v.name.trim() ? undefined : t("validation.nameRequired"),
      email: /^\S+@\S+\.\S+$/.test(v.email.trim()) ? undefined : t("validation.emailInvalid"),
      password:
        v.password.length >= PASSWORD_MIN
          ? undefined
          : t("validation.passwordLength", { count: PASSWORD_MIN }),
    }),
    onSubmit: async (values) => {
      await signUp.mutateAsync({ ...values, locale: language, timezone: browserTimeZone() });
      navigate(`/check-email?email=${encodeURIComponent(values.email.trim())}`);
    },
  });

  if (session.data && !session.data.twoFactorPending) return <Navigate to={afterSignInPath(next)} replace />;

  const signInHref = next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in";
  return (
    <AuthLayout
      title={t("signUp.title")}
      description={t("signUp.description")}
      footer={
        <>
          {t("signUp.haveAccount")} <AuthLink to={signInHref}>{t("signUp.signIn")}</AuthLink>
        </>
      }
    >
      {closed ? (
        <Alert variant="warning" title={t("platform.signupClosedTitle")}>
          {t("platform.signupClosedBody")}
        </Alert>
      ) : null}
      {closed ? null : (
        <div className="mb-4">
          <OAuthButtons />
        </div>
      )}
      <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate hidden={closed}>
        <FormError>{form.formError}</FormError>
        <FormField label={t("fields.name")} error={form.errors.name}>
          <Input autoComplete="name" autoFocus {...form.field("name")} />
        </FormField>
        <FormField label={t("fields.email")} error={form.errors.email}>
          <Input type="email" autoComplete="email" inputMode="email" {...form.field("email")} />
        </FormField>
        <FormField
          label={t("fields.password")}
          error={form.errors.password}
          hint={t("signUp.passwordHint", { count: PASSWORD_MIN })}
        >
          <PasswordInput autoComplete="new-password" {...form.field("password")} />
        </FormField>
        <Button type="submit" size="lg" loading={form.submitting} className="mt-1 w-full">
          {t("signUp.submit")}
        </Button>
        <p className="text-center text-xs text-muted-foreground">{t("signUp.personalWorkspace")}</p>
      </form>
    </AuthLayout>
  );
}
