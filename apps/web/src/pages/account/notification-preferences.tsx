import { ErrorState } from "@quartet/ui/error-state";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
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
  );
}

function pick(input: { inApp?: boolean; email?: boolean }) {
  return {
    ...(input.inApp !== undefined ? { inApp: input.inApp } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
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
