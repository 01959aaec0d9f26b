import { Button } from "@quartet/ui/button";
import { MailCheck } from "@quartet/ui/icons";
import { errorMessage } from "@quartet/ui/lib/errors";
import { Trans, useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { AuthLayout, AuthLink, BackToSignIn, emphasis, StatusIcon } from "../../components/auth-layout.tsx";
import { trpc } from "../../lib/trpc.ts";

const COOLDOWN_S = 30;

export function CheckEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const email = params.get("email") ?? "";
  const resend = trpc.auth.resendVerification.useMutation();
  const [wait, setWait] = useState(0);

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  return (
    <AuthLayout
      icon={<StatusIcon icon={MailCheck} />}
      title={t("checkEmail.title")}
      description={
        email ? (
          <Trans i18nKey="checkEmail.description" values={{ email }} components={emphasis} />
        ) : (
          t("checkEmail.descriptionNoEmail")
        )
      }
      footer={<BackToSignIn />}
    >
      <div className="grid gap-3">
        <p className="text-sm text-muted-foreground">{t("checkEmail.spam")}</p>
        {email ? (
          <Button
            variant="outline"
            loading={resend.isPending}
            disabled={wait > 0}
            onClick={async () => {
              try {
                await resend.mutateAsync({ email });
                toast.success(t("checkEmail.resent"));
                setWait(COOLDOWN_S);
              } catch (error) {
                toast.error(errorMessage(error, t("errors.generic")));
              }
            }}
          >
            {wait > 0 ? t("checkEmail.resendIn", { count: wait }) : t("checkEmail.resend")}
          </Button>
        ) : null}
        <p className="text-center text-sm text-muted-foreground">
          {t("checkEmail.wrongAddress")} <AuthLink to="/sign-up">{t("checkEmail.startOver")}</AuthLink>
        </p>
      </div>
    </AuthLayout>
  );
}
