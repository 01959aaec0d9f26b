import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { MailCheck } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { useForm } from "@quartet/ui/lib/form";
import { Trans, useTranslation } from "@quartet/ui/lib/i18n";
import { useState } from "react";
import { AuthLayout, BackToSignIn, emphasis, StatusIcon } from "../../components/auth-layout.tsx";
import { trpc } from "../../lib/trpc.ts";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = trpc.auth.requestPasswordReset.useMutation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: "" },
    validate: (v) => ({ email: v.email.trim() ? undefined : t("validation.emailRequired") }),
    onSubmit: async ({ email }) => {
      await request.mutateAsync({ email: email.trim() });
      setSentTo(email.trim());
    },
  });

  if (sentTo) {
    return (
      <AuthLayout
        icon={<StatusIcon icon={MailCheck} />}
        title={t("forgot.sentTitle")}
        description={<Trans i18nKey="forgot.sentBody" values={{ email: sentTo }} components={emphasis} />}
        footer={<BackToSignIn />}
      >
        <Button variant="outline" className="w-full" onClick={() => setSentTo(null)}>
          {t("forgot.tryAnother")}
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t("forgot.title")} description={t("forgot.description")} footer={<BackToSignIn />}>
      <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
        <FormError>{form.formError}</FormError>
        <FormField label={t("fields.email")} error={form.errors.email}>
          <Input type="email" autoComplete="email" autoFocus inputMode="email" {...form.field("email")} />
        </FormField>
        <Button type="submit" size="lg" loading={form.submitting} className="w-full">
          {t("forgot.submit")}
        </Button>
      </form>
    </AuthLayout>
  );
}
