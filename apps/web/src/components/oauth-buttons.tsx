import { Alert } from "@quartet/ui/alert";
import { Button } from "@quartet/ui/button";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useSearchParams } from "react-router";
import { trpc } from "../lib/trpc.ts";

// "Continue with Google / GitHub / <OIDC_NAME>" on the sign-in and sign-up pages. Each button is a
// plain link: the server starts the flow and the provider brings the browser back to it.

const KNOWN_ERRORS = new Set([
  "EMAIL_NOT_VERIFIED",
  "NO_EMAIL",
  "ACCOUNT_BLOCKED",
  "SIGNUP_DISABLED",
  "EMAIL_RECENTLY_DELETED",
  "CANCELLED",
  "NOT_LINKED",
  "ALREADY_LINKED",
  "SIGN_IN_REQUIRED",
]);

/** The message for an `oauthError=<reason>` the server redirected with. */
export function useOAuthErrorMessage(): string | null {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const reason = params.get("oauthError");
  if (!reason) return null;
  return t(KNOWN_ERRORS.has(reason) ? `oauth.errors.${reason}` : "oauth.errors.generic");
}

export function useOAuthProviders() {
  return trpc.auth.oauthProviders.useQuery(undefined, { staleTime: 60_000 });
}

export function OAuthButtons() {
  const { t } = useTranslation();
  const providers = useOAuthProviders();
  const list = providers.data?.providers ?? [];
  if (list.length === 0) return null;
  return (
    <div className="grid gap-3">
      {list.map((p) => (
        <Button key={p.id} asChild variant="outline" size="lg" className="w-full">
          <a href={`/auth/oauth/${p.id}/start`} data-provider={p.id}>
            {t("oauth.continueWith", { name: p.name })}
          </a>
        </Button>
      ))}
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
        <span className="h-px flex-1 bg-border" />
        {t("oauth.or")}
        <span className="h-px flex-1 bg-border" />
      </div>
    </div>
  );
}

/** A failed provider sign-in, or the provider waiting to be connected once the person signs in. */
export function OAuthNotice() {
  const { t } = useTranslation();
  const error = useOAuthErrorMessage();
  const providers = useOAuthProviders();
  const pending = providers.data?.pendingLink;
  if (error) return <Alert variant="warning">{error}</Alert>;
  if (pending)
    return (
      <Alert variant="info" title={t("oauth.linkTitle", { name: pending.name })}>
        {t("oauth.linkBody", { name: pending.name })}
      </Alert>
    );
  return null;
}
