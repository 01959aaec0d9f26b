import { ErrorState } from "@quartet/ui/error-state";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import { RelativeTime } from "@quartet/ui/relative-time";
import { NativeSelect } from "@quartet/ui/select";
import { Skeleton } from "@quartet/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableSkeleton,
} from "@quartet/ui/table";
import { toast } from "@quartet/ui/toaster";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";

type Preference = RouterOutputs["notificationPreferences"]["list"][number];
/** Which new tickets (desk.new_ticket), as the server takes them. */
const SCOPES: readonly NonNullable<Preference["scope"]>[] = ["off", "all", "unassigned", "my_teams"];
type Channel = "inApp" | "email";

/** /account/notifications: one row per desk event, an In app and an Email switch each; saves on toggle. */
export function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const list = trpc.notificationPreferences.list.useQuery();
  const utils = trpc.useUtils();
  const set = trpc.notificationPreferences.set.useMutation({
    // Optimistic: the switch moves at once; an error puts it back and says so.
    onMutate: async (input) => {
      await utils.notificationPreferences.list.cancel();
      const previous = utils.notificationPreferences.list.getData();
      utils.notificationPreferences.list.setData(undefined, (rows) =>
        rows?.map((row) => (row.type === input.type ? { ...row, ...pick(input) } : row)),
      );
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) utils.notificationPreferences.list.setData(undefined, context.previous);
      toast.error(t("deskSettings.notify.saveFailed"));
    },
    onSettled: () => utils.notificationPreferences.list.invalidate(),
  });
  useDocumentTitle(t("deskSettings.notify.title"));

  const toggle = (row: Preference, channel: Channel, value: boolean) =>
    set.mutate({ type: row.type, [channel]: value });

  return (
    <div className="grid gap-10">
      <section className="grid gap-4" aria-labelledby="notify-heading">
        <div className="grid gap-1">
          <h2 id="notify-heading" className="text-lg font-semibold">
            {t("deskSettings.notify.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("deskSettings.notify.description")}</p>
        </div>
        {list.isPending ? (
          <TableSkeleton columns={3} rows={5} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("deskSettings.notify.deskGroup")}</TableHead>
                <TableHead className="w-24 text-center">{t("deskSettings.notify.inApp")}</TableHead>
                <TableHead className="w-24 text-center">{t("deskSettings.notify.email")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.map((row) => {
                const label = t(row.labelKey);
                return (
                  <TableRow key={row.type} data-testid={`pref-${row.type}`}>
                    <TableCell>
                      <div className="grid gap-0.5">
                        <span className="font-medium">{label}</span>
                        <span className="text-sm text-muted-foreground">{t(row.descriptionKey)}</span>
                        {row.scope !== null ? (
                          <NativeSelect
                            aria-label={t("deskFollowers.scope.label")}
                            className="mt-1 h-8.5 w-auto min-w-48"
                            value={row.scope}
                            data-testid={`pref-scope-${row.type}`}
                            onChange={(e) =>
                              set.mutate({
                                type: row.type,
                                scope: e.target.value as NonNullable<Preference["scope"]>,
                              })
                            }
                          >
                            {SCOPES.map((scope) => (
                              <option key={scope} value={scope}>
                                {t(`deskFollowers.scope.${scope}`)}
                              </option>
                            ))}
                          </NativeSelect>
                        ) : null}
                      </div>
                    </TableCell>
                    {(["inApp", "email"] as const).map((channel) => (
                      <TableCell key={channel} className="text-center">
                        <Switch
                          checked={row[channel]}
                          label={t("deskSettings.notify.toggleLabel", {
                            channel: t(`deskSettings.notify.${channel}`),
                            event: label,
                          })}
                          onChange={(value) => toggle(row, channel, value)}
                        />
                      </TableCell>
                    ))}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </section>
      <MarketingConsentSection />
    </div>
  );
}

/**
 * "Product news and offers": the person's marketing consent (off until they opt in). Campaigns only
 * ever go to people with it on; the one-click unsubscribe link in those mails turns it off.
 */
function MarketingConsentSection() {
  const { t } = useTranslation();
  const consent = trpc.marketingConsent.get.useQuery();
  const utils = trpc.useUtils();
  const set = trpc.marketingConsent.set.useMutation({
    onMutate: async (input) => {
      await utils.marketingConsent.get.cancel();
      const previous = utils.marketingConsent.get.getData();
      utils.marketingConsent.get.setData(undefined, (old) =>
        old ? { ...old, consent: input.consent } : old,
      );
      return { previous };
    },
    onSuccess: (data) => {
      utils.marketingConsent.get.setData(undefined, data);
      toast.success(data.consent ? t("marketingConsent.turnedOn") : t("marketingConsent.turnedOff"));
    },
    onError: (_error, _input, context) => {
      if (context?.previous) utils.marketingConsent.get.setData(undefined, context.previous);
      toast.error(t("marketingConsent.saveFailed"));
    },
  });
  return (
    <section className="grid gap-4" aria-labelledby="marketing-heading" data-testid="marketing-consent">
      <div className="grid gap-1">
        <h2 id="marketing-heading" className="text-lg font-semibold">
          {t("marketingConsent.title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("marketingConsent.description")}</p>
      </div>
      {consent.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : consent.isError ? (
        <ErrorState
          error={consent.error}
          onRetry={() => consent.refetch()}
          retrying={consent.isFetching}
          compact
        />
      ) : (
        <div className="flex items-start justify-between gap-4 rounded-lg border px-4 py-3">
          <div className="grid gap-0.5">
            <span id="marketing-toggle-label" className="font-medium">
              {t("marketingConsent.toggle")}
            </span>
            <span className="text-sm text-muted-foreground" aria-live="polite">
              {consent.data.consent ? t("marketingConsent.on") : t("marketingConsent.off")}
            </span>
            {consent.data.changedAt ? (
              <span className="text-xs text-muted-foreground">
                {t("marketingConsent.changedAt")} <RelativeTime date={consent.data.changedAt} />
              </span>
            ) : null}
          </div>
          <Switch
            checked={consent.data.consent}
            label={t("marketingConsent.toggle")}
            onChange={(value) => set.mutate({ consent: value })}
          />
        </div>
      )}
    </section>
  );
}

function pick(input: { inApp?: boolean; email?: boolean; scope?: Preference["scope"] }) {
  return {
    ...(input.inApp !== undefined ? { inApp: input.inApp } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.scope !== undefined ? { scope: input.scope } : {}),
  };
}

/** An on/off switch (a button with role="switch"); the thumb moves to the end side, RTL included. */
function Switch({
  checked,
  label,
  onChange,
}: {
  checked: boolean;
  label: string;
  onChange: (value: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      title={label}
      onClick={() => onChange(!checked)}
      className={cn(
        "relative inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        checked ? "bg-primary" : "bg-input",
      )}
    >
      <span
        aria-hidden
        className={cn(
          "block size-4 rounded-full bg-background shadow-sm transition-transform",
          checked ? "translate-x-4 rtl:-translate-x-4" : "translate-x-0",
        )}
      />
    </button>
  );
}
