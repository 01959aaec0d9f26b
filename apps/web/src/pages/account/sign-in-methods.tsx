import { Badge } from "@quartet/ui/badge";
import { Button } from "@quartet/ui/button";
import { Card, CardContent } from "@quartet/ui/card";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { errorMessage, errorReason } from "@quartet/ui/lib/errors";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { formatDate } from "@quartet/ui/lib/time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { useOAuthErrorMessage } from "../../components/oauth-buttons.tsx";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";

type Identity = RouterOutputs["signInMethods"]["list"]["identities"][number];

/** Account → Security: the password and the connected Google / GitHub / OIDC accounts. */
export function SignInMethods() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const methods = trpc.signInMethods.list.useQuery();
  const unlink = trpc.signInMethods.unlink.useMutation();
  const utils = trpc.useUtils();
  const [params, setParams] = useSearchParams();
  const [confirm, setConfirm] = useState<Identity | null>(null);
  const flowError = useOAuthErrorMessage();

  // Back from a provider: say how it went once, then tidy the address.
  const linked = params.get("linked");
  useEffect(() => {
    if (!linked && !flowError) return;
    if (flowError) toast.error(flowError);
    else if (methods.data) {
      const name = methods.data.identities.find((i) => i.provider === linked)?.name ?? linked;
      toast.success(t("signInMethods.linked", { name }));
    } else return;
    setParams({}, { replace: true });
  }, [linked, flowError, methods.data, setParams, t]);

  if (methods.isPending) return <Skeleton className="h-32" />;
  if (!methods.data) return null;
  const { identities, available, hasPassword } = methods.data;
  const onlyOne = !hasPassword && identities.length === 1;

  return (
    <Card>
      <CardContent className="divide-y p-0">
        <Row name={t("signInMethods.password")}>
          {hasPassword ? (
            <Badge variant="success">{t("signInMethods.passwordSet")}</Badge>
          ) : (
            <span className="text-sm text-muted-foreground">{t("signInMethods.passwordNotSet")}</span>
          )}
        </Row>
        {identities.map((identity) => (
          <Row
            key={identity.id}
            name={identity.name}
            detail={t("signInMethods.connected", {
              date: formatDate(identity.linkedAt, { locale: language }),
            })}
          >
            <Button
              variant="outline"
              size="sm"
              disabled={onlyOne}
              title={onlyOne ? t("signInMethods.lastMethod") : undefined}
              onClick={() => setConfirm(identity)}
            >
              {t("signInMethods.disconnect")}
            </Button>
          </Row>
        ))}
        {available.map((provider) => (
          <Row key={provider.id} name={provider.name} detail={t("signInMethods.notConnected")}>
            <Button asChild variant="outline" size="sm">
              <a href={`/auth/oauth/${provider.id}/start?intent=link`} data-provider={provider.id}>
                {t("signInMethods.connect")}
              </a>
            </Button>
          </Row>
        ))}
      </CardContent>
      {onlyOne ? (
        <p className="px-4 pb-4 text-sm text-muted-foreground">{t("signInMethods.lastMethod")}</p>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        destructive
        title={t("signInMethods.disconnectTitle", { name: confirm?.name ?? "" })}
        description={t("signInMethods.disconnectBody", { name: confirm?.name ?? "" })}
        confirmLabel={t("signInMethods.disconnect")}
        onConfirm={async () => {
          if (!confirm) return;
          try {
            await unlink.mutateAsync({ identityId: confirm.id });
          } catch (error) {
            throw new Error(
              errorReason(error) === "LAST_SIGN_IN_METHOD"
                ? t("signInMethods.lastMethod")
                : errorMessage(error, t("errors.generic")),
            );
          }
          await utils.signInMethods.list.invalidate();
          toast.success(t("signInMethods.disconnected", { name: confirm.name }));
          setConfirm(null);
        }}
      />
    </Card>
  );
}

function Row({ name, detail, children }: { name: string; detail?: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
      <div className="min-w-0">
        <p className="font-medium">{name}</p>
        {detail ? <p className="text-sm text-muted-foreground">{detail}</p> : null}
      </div>
      <div className="shrink-0">{children}</div>
    </div>
  );
}
