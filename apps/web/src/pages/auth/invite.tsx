import { Alert } from "@quartet/ui/alert";
import { Avatar } from "@quartet/ui/avatar";
import { Button } from "@quartet/ui/button";
import { FormError } from "@quartet/ui/form-field";
import { CircleX, MailOpen } from "@quartet/ui/icons";
import { errorMessage, errorReason, isMissingRecord } from "@quartet/ui/lib/errors";
import { Trans, useTranslation } from "@quartet/ui/lib/i18n";
import { useViewer } from "@quartet/ui/relative-time";
import { Skeleton } from "@quartet/ui/skeleton";
import { toast } from "@quartet/ui/toaster";
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { AuthLayout, AuthLink, emphasis, StatusIcon } from "../../components/auth-layout.tsx";
import { RoleBadge } from "../../components/role-badge.tsx";
import { useSession } from "../../lib/session.ts";
import { signOutIntent } from "../../lib/session-events.ts";
import { pendingInvite } from "../../lib/storage.ts";
import { trpc } from "../../lib/trpc.ts";

/**
 * /invite?token=… — who invites you where. Signed in: accept. Signed out: sign in or sign up and
 * come back here (the token is remembered through email verification).
 */
export function InvitePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const session = useSession();
  const invitation = trpc.members.getInvitation.useQuery(
    { token },
    { enabled: token.length > 0, retry: false },
  );
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const accept = trpc.members.acceptInvitation.useMutation();
  const signOut = trpc.auth.signOut.useMutation();
  const viewer = useViewer();
  const [acceptError, setAcceptError] = useState<string | null>(null);

  const here = `/invite?token=${encodeURIComponent(token)}`;
  const user = session.data && !session.data.twoFactorPending ? session.data.user : null;

  useEffect(() => {
    if (token && invitation.data?.status === "PENDING") pendingInvite.set(token);
  }, [token, invitation.data?.status]);

  if (!token || (invitation.isError && isMissingRecord(invitation.error))) {
    return (
      <AuthLayout
        icon={<StatusIcon icon={CircleX} tone="destructive" />}
        title={t("invite.invalidTitle")}
        description={t("invite.invalidBody")}
        footer={<AuthLink to="/">{t("invite.goHome")}</AuthLink>}
      />
    );
  }

  if (invitation.isError) {
    return (
      <AuthLayout
        title={t("invite.loadFailed")}
        description={errorMessage(invitation.error, t("errors.network"))}
      >
        <Button
          variant="outline"
          className="w-full"
          loading={invitation.isFetching}
          onClick={() => invitation.refetch()}
        >
          {t("common.retry")}
        </Button>
      </AuthLayout>
    );
  }

  if (invitation.isPending || session.isPending) {
    return (
      <AuthLayout title={t("invite.loading")}>
        <div className="grid gap-3" aria-hidden>
          <Skeleton className="h-12" />
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-9" />
        </div>
      </AuthLayout>
    );
  }

  const inv = invitation.data;
  const inviter = inv.inviterName ?? t("invite.someone");
  const emailMismatch = user && user.email.toLowerCase() !== inv.email.toLowerCase();

  const acceptNow = async () => {
    setAcceptError(null);
    try {
      const { orgId } = await accept.mutateAsync({ token });
      pendingInvite.clear();
      const orgs = await utils.orgs.list.fetch();
      await utils.orgs.list.invalidate();
      const org = orgs.find((o) => o.id === orgId);
      toast.success(t("invite.joined", { org: org?.name ?? inv.orgName }));
      navigate(org ? `/w/${org.slug}` : "/", { replace: true });
    } catch (error) {
      const reason = errorReason(error);
      if (reason?.startsWith("INVITATION_") && reason !== "INVITATION_EMAIL_MISMATCH") pendingInvite.clear();
      setAcceptError(errorMessage(error, t("errors.generic")));
    }
  };

  const status = inv.status;
  const closed = status !== "PENDING";

  return (
    <AuthLayout
      icon={<StatusIcon icon={MailOpen} />}
      title={closed ? t(`invite.status.${status}`) : t("invite.title", { org: inv.orgName })}
      description={
        <Trans i18nKey="invite.description" values={{ inviter, org: inv.orgName }} components={emphasis} />
      }
    >
      <div className="grid gap-4">
        <div className="flex items-center gap-3 rounded-lg border bg-subtle p-3">
          <Avatar name={inv.orgName} shape="square" size="md" />
          <div className="grid min-w-0 flex-1">
            <span className="truncate font-medium">{inv.orgName}</span>
            <span className="truncate text-sm text-muted-foreground">{inv.email}</span>
          </div>
          <RoleBadge role={inv.role} />
        </div>
        {closed ? (
          <Alert variant={status === "EXPIRED" ? "warning" : "destructive"}>
            {t(`invite.statusBody.${status}`)}
          </Alert>
        ) : (
          <p className="text-sm text-muted-foreground">
            {t("invite.expires", {
              date: viewer.dateTime(inv.expiresAt, { dateStyle: "long", timeStyle: "short" }),
            })}
          </p>
        )}
        <FormError>{acceptError}</FormError>

        {closed ? (
          <Button asChild variant="outline" className="w-full">
            <Link to="/">{t("invite.goHome")}</Link>
          </Button>
        ) : user ? (
          emailMismatch ? (
            <>
              <Alert variant="warning" title={t("invite.mismatchTitle")}>
                {t("invite.mismatchBody", { invited: inv.email, current: user.email })}
              </Alert>
              <Button
                variant="outline"
                className="w-full"
                loading={signOut.isPending}
                onClick={async () => {
                  signOutIntent.current = true;
                  await signOut.mutateAsync();
                  await utils.invalidate();
                  navigate(`/sign-in?next=${encodeURIComponent(here)}`);
                }}
              >
                {t("invite.switchAccount")}
              </Button>
            </>
          ) : (
            <div className="grid gap-2">
              <Button size="lg" className="w-full" loading={accept.isPending} onClick={acceptNow}>
                {t("invite.accept")}
              </Button>
              <Button asChild variant="ghost" className="w-full">
                <Link to="/">{t("invite.notNow")}</Link>
              </Button>
            </div>
          )
        ) : (
          <div className="grid gap-2">
            <p className="text-sm text-muted-foreground">{t("invite.signedOutHint")}</p>
            <Button asChild size="lg" className="w-full">
              <Link to={`/sign-in?next=${encodeURIComponent(here)}`}>{t("invite.signInToAccept")}</Link>
            </Button>
            <Button asChild variant="outline" size="lg" className="w-full">
              <Link to={`/sign-up?email=${encodeURIComponent(inv.email)}&next=${encodeURIComponent(here)}`}>
                {t("invite.createAccount")}
              </Link>
            </Button>
          </div>
        )}
      </div>
    </AuthLayout>
  );
}
