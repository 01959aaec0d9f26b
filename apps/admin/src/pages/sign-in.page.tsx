import { Button } from "@quartet/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@quartet/ui/card";
import { FormError, FormField } from "@quartet/ui/form-field";
import { ShieldCheck } from "@quartet/ui/icons";
import { Input, PasswordInput } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Skeleton } from "@quartet/ui/skeleton";
import { useEffect, useRef } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { safeNext } from "../lib/session.tsx";
import { trpc } from "../lib/trpc.ts";
import { useAdminTitle } from "../lib/use-admin-title.ts";

export function SignInPage() {
  const { t } = useTranslation("admin");
  useAdminTitle(t("signIn.title"));
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const session = trpc.auth.session.useQuery(undefined, { staleTime: 0 });

  if (session.data && !session.data.twoFactorPending) return <Navigate to={next} replace />;

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-subtle px-4 py-10">
      <div className="mb-6 flex items-center gap-2.5">
        <span className="flex size-9 items-center justify-center rounded-lg bg-destructive text-destructive-foreground">
          <ShieldCheck className="size-5" aria-hidden />
        </span>
        <span className="grid leading-tight">
          <span className="text-lg font-semibold">{t("brand.name")}</span>
          <span className="text-sm text-muted-foreground">{t("brand.tagline")}</span>
        </span>
      </div>
      <Card className="w-full max-w-sm">
        {session.isPending ? (
          <CardContent className="grid gap-4 pt-5" aria-busy>
            <Skeleton className="h-6 w-32" />
            <Skeleton className="h-8.5 w-full" />
            <Skeleton className="h-8.5 w-full" />
            <Skeleton className="h-8.5 w-full" />
          </CardContent>
        ) : session.data?.twoFactorPending ? (
          <TwoFactorStep next={next} />
        ) : (
          <PasswordStep />
        )}
      </Card>
      <p className="mt-6 max-w-sm text-center text-sm text-muted-foreground">{t("signIn.restricted")}</p>
    </main>
  );
}

function PasswordStep() {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const signIn = trpc.auth.signIn.useMutation();
  // Only when ADMIN_OIDC_ALLOWED: the OIDC provider, for admins already linked to it.
  const providers = trpc.auth.oauthProviders.useQuery().data?.providers ?? [];
  const oauthFailed = new URLSearchParams(window.location.search).has("oauthError");
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: (v) => ({
      email: v.email.trim() ? undefined : t("signIn.emailRequired"),
      password: v.password ? undefined : t("signIn.passwordRequired"),
    }),
    onSubmit: async (v) => {
      await signIn.mutateAsync({ email: v.email.trim(), password: v.password });
      // Either signed in or owing the second factor: the session query decides what shows next.
      await utils.auth.session.invalidate();
    },
  });
  return (
    <>
      <CardHeader>
        <CardTitle as="h1">{t("signIn.title")}</CardTitle>
        <CardDescription>{t("signIn.description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
          <FormError>{form.formError ?? (oauthFailed ? t("signIn.oauthFailed") : null)}</FormError>
          {providers.map((p) => (
            <Button key={p.id} asChild variant="outline" className="w-full">
              <a href={`/auth/oauth/${p.id}/start`}>{t("signIn.continueWith", { name: p.name })}</a>
            </Button>
          ))}
          <FormField label={t("signIn.email")} error={form.errors.email}>
            <Input {...form.field("email")} type="email" autoComplete="username" autoFocus required />
          </FormField>
          <FormField label={t("signIn.password")} error={form.errors.password}>
            <PasswordInput {...form.field("password")} autoComplete="current-password" required />
          </FormField>
          <Button type="submit" loading={form.submitting} className="w-full">
            {t("signIn.submit")}
          </Button>
        </form>
      </CardContent>
    </>
  );
}

function TwoFactorStep({ next }: { next: string }) {
  const { t } = useTranslation("admin");
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const verify = trpc.auth.signInTwoFactor.useMutation();
  const cancel = trpc.auth.signOut.useMutation({
    onSettled: () => utils.auth.session.setData(undefined, null),
  });
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const form = useForm({
    initialValues: { code: "" },
    validate: (v) => ({ code: v.code.trim() ? undefined : t("signIn.codeRequired") }),
    onSubmit: async (v) => {
      await verify.mutateAsync({ code: v.code.replace(/\s+/g, "") });
      await utils.auth.session.invalidate();
      navigate(next, { replace: true });
    },
  });
  return (
    <>
      <CardHeader>
        <CardTitle as="h1">{t("signIn.twoFactorTitle")}</CardTitle>
        <CardDescription>{t("signIn.twoFactorDescription")}</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
          <FormError>{form.formError}</FormError>
          <FormField label={t("signIn.code")} error={form.errors.code} hint={t("signIn.codeHint")}>
            <Input
              {...form.field("code")}
              ref={inputRef}
              inputMode="text"
              autoComplete="one-time-code"
              autoCapitalize="off"
              spellCheck={false}
              className="font-mono tracking-widest"
              maxLength={32}
            />
          </FormField>
          <Button type="submit" loading={form.submitting} className="w-full">
            {t("signIn.verify")}
          </Button>
          <Button
            variant="link"
            className="justify-self-center"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
          >
            {t("signIn.useAnotherAccount")}
          </Button>
        </form>
      </CardContent>
    </>
  );
}
