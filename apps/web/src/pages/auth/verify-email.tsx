import { Button } from "@quartet/ui/button";
import { FormError, FormField } from "@quartet/ui/form-field";
import { CircleCheck, CircleX } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useForm } from "@quartet/ui/lib/form";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { Spinner } from "@quartet/ui/spinner";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { AuthLayout, BackToSignIn, StatusIcon } from "../../components/auth-layout.tsx";
import { afterSignInPath } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";

type State = { kind: "verifying" } | { kind: "done" } | { kind: "failed"; expired: boolean; message: string };

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const verify = trpc.auth.verifyEmail.useMutation();
  const [state, setState] = useState<State>(() =>
    token ? { kind: "verifying" } : { kind: "failed", expired: false, message: t("verify.invalid") },
  );
  // The link is single-use: send it once, even when React mounts twice in development.
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    verify
      .mutateAsync({ token })
      .then(async () => {
        setState({ kind: "done" });
        await utils.auth.session.invalidate();
      })
      .catch((error: unknown) => {
        const reason = errorReason(error);
        setState({
          kind: "failed",
          expired: reason === "TOKEN_EXPIRED",
          message:
            reason === "TOKEN_EXPIRED" ? t("verify.expired") : errorMessage(error, t("verify.invalid")),
        });
      });
  }, [token, verify, utils, t]);

  useEffect(() => {
    if (state.kind !== "done") return;
    const id = setTimeout(() => navigate(afterSignInPath(null), { replace: true }), 1800);
    return () => clearTimeout(id);
  }, [state.kind, navigate]);

  if (state.kind === "verifying") {
    return (
      <AuthLayout
        icon={
          <StatusIcon>
            <Spinner />
          </StatusIcon>
        }
        title={t("verify.verifying")}
        description={t("verify.verifyingBody")}
      />
    );
  }
  if (state.kind === "done") {
    return (
      <AuthLayout
        icon={<StatusIcon icon={CircleCheck} tone="success" />}
        title={t("verify.doneTitle")}
        description={t("verify.doneBody")}
      >
        <Button
          size="lg"
          className="w-full"
          onClick={() => navigate(afterSignInPath(null), { replace: true })}
        >
          {t("verify.continue")}
        </Button>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout
      icon={<StatusIcon icon={CircleX} tone="destructive" />}
      title={state.expired ? t("verify.expiredTitle") : t("verify.invalidTitle")}
      description={state.message}
      footer={<BackToSignIn />}
    >
      <ResendForm />
    </AuthLayout>
  );
}

function ResendForm() {
  const { t } = useTranslation();
  const resend = trpc.auth.resendVerification.useMutation();
  const form = useForm({
    initialValues: { email: "" },
    validate: (v) => ({ email: v.email.trim() ? undefined : t("validation.emailRequired") }),
    onSubmit: async ({ email }) => {
      await resend.mutateAsync({ email: email.trim() });
      toast.success(t("checkEmail.resent"));
    },
  });
  return (
    <form onSubmit={form.handleSubmit} className="grid gap-3" noValidate>
      <p className="text-sm text-muted-foreground">{t("verify.askNew")}</p>
      <FormError>{form.formError}</FormError>
      <FormField label={t("fields.email")} error={form.errors.email}>
        <Input type="email" autoComplete="email" {...form.field("email")} />
      </FormField>
      <Button type="submit" variant="outline" loading={form.submitting}>
        {t("verify.sendNew")}
      </Button>
    </form>
  );
}
