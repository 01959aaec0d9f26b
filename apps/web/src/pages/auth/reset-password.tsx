import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { PasswordInput } from "@quartet/ui/input";
import { errorReason } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { AuthLayout, BackToSignIn } from "../../components/auth-layout.tsx";
import { trpc } from "../../lib/trpc.ts";
import { PASSWORD_MIN } from "./sign-up.tsx";

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const reset = trpc.auth.resetPassword.useMutation();
  const [badLink, setBadLink] = useState<string | null>(token ? null : t("reset.invalid"));
  const form = useForm({
    initialValues: { password: "", confirm: "" },
    validate: (v) => ({
      password:
        v.password.length >= PASSWORD_MIN
          ? undefined
          : t("validation.passwordLength", { count: PASSWORD_MIN }),
      confirm: v.confirm === v.password ? undefined : t("validation.passwordsDiffer"),
    }),
    onSubmit: async ({ password }) => {
      try {
        await reset.mutateAsync({ token, password });
      } catch (error) {
        const reason = errorReason(error);
        if (reason === "TOKEN_EXPIRED" || reason === "TOKEN_INVALID") {
          setBadLink(reason === "TOKEN_EXPIRED" ? t("reset.expired") : t("reset.invalid"));
          return;
        }
        throw error;
      }
      toast.success(t("reset.done"));
      navigate("/sign-in", { replace: true });
    },
  });

  return (
    <AuthLayout title={t("reset.title")} description={t("reset.description")} footer={<BackToSignIn />}>
      {badLink ? (
        <Alert
          variant="destructive"
          title={badLink}
          action={
            <Button asChild size="sm" variant="outline">
              <Link to="/forgot-password">{t("reset.requestNew")}</Link>
            </Button>
          }
        />
      ) : (
        <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
          <FormError>{form.formError}</FormError>
          <FormField
            label={t("fields.newPassword")}
            error={form.errors.password}
            hint={t("signUp.passwordHint", { count: PASSWORD_MIN })}
          >
            <PasswordInput autoComplete="new-password" autoFocus {...form.field("password")} />
          </FormField>
          <FormField label={t("fields.confirmPassword")} error={form.errors.confirm}>
            <PasswordInput autoComplete="new-password" {...form.field("confirm")} />
          </FormField>
          <Button type="submit" size="lg" loading={form.submitting} className="w-full">
            {t("reset.submit")}
          </Button>
          <p className="text-center text-xs text-muted-foreground">{t("reset.signsOutOthers")}</p>
        </form>
      )}
    </AuthLayout>
  );
}
