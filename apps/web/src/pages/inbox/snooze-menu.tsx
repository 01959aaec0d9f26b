import { Button } from "@quartet/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { FormError } from "@quartet/ui/form-field";
import { AlarmClock, BellRing, CalendarClock } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { Label } from "@quartet/ui/label";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useViewer } from "@quartet/ui/relative-time";
import { toast } from "@quartet/ui/toaster";
import { type FormEvent, useId, useState } from "react";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useTimeOfDay } from "./inbox-shared.tsx";
import { dateToLocalInput, localInputToDate, snoozePresets } from "./inbox-time.ts";

/** Snooze a conversation: presets on the viewer's clock, or a date and time in their timezone. */
export function SnoozeMenu({
  conversationId,
  snoozedUntil,
  size = "sm",
  variant = "outline",
}: {
  conversationId: string;
  snoozedUntil: Date | null;
  size?: "sm" | "icon-sm";
  variant?: "outline" | "ghost";
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const viewer = useViewer();
  const utils = trpc.useUtils();
  const snooze = trpc.inboxConversations.snooze.useMutation();
  const unsnooze = trpc.inboxConversations.unsnooze.useMutation();
  const [customOpen, setCustomOpen] = useState(false);
  const asleep = snoozedUntil && new Date(snoozedUntil) > new Date();

  const apply = async (until: Date) => {
    try {
      await snooze.mutateAsync({ orgId: org.id, conversationId, until });
      await utils.inboxConversations.invalidate();
      toast.success(
        t("inbox.snooze.done", { when: viewer.dateTime(until, { dateStyle: "medium", timeStyle: "short" }) }),
      );
      return true;
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
      return false;
    }
  };
  const wake = async () => {
    try {
      await unsnooze.mutateAsync({ orgId: org.id, conversationId });
      await utils.inboxConversations.invalidate();
      toast.success(t("inbox.snooze.woken"));
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  const time = useTimeOfDay();
  const presets = snoozePresets(new Date(), viewer.timeZone);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant={variant}
            size={size}
            aria-label={size === "icon-sm" ? t("inbox.snooze.button") : undefined}
            title={t("inbox.snooze.button")}
          >
            <AlarmClock aria-hidden />
            {size === "icon-sm" ? null : t("inbox.snooze.button")}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {presets.map((p) => (
            <DropdownMenuItem key={p.key} onSelect={() => void apply(p.until)}>
              <span className="flex-1">{t(`inbox.snooze.${p.key}`)}</span>
              <span className="ps-4 text-xs text-muted-foreground">
                {p.key === "laterToday"
                  ? time(p.until)
                  : viewer.dateTime(p.until, { dateStyle: "medium", timeStyle: "short" })}
              </span>
            </DropdownMenuItem>
          ))}
          <DropdownMenuItem onSelect={() => setCustomOpen(true)}>
            <CalendarClock aria-hidden />
            {t("inbox.snooze.custom")}
          </DropdownMenuItem>
          {asleep ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={() => void wake()}>
                <BellRing aria-hidden />
                {t("inbox.snooze.wake")}
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      <CustomSnoozeDialog open={customOpen} onOpenChange={setCustomOpen} onPick={apply} />
    </>
  );
}

function CustomSnoozeDialog({
  open,
  onOpenChange,
  onPick,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (until: Date) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const id = useId();
  const tomorrow = snoozePresets(new Date(), viewer.timeZone)[1]?.until ?? new Date();
  const [value, setValue] = useState(() => dateToLocalInput(tomorrow, viewer.timeZone));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const until = localInputToDate(value, viewer.timeZone);
    if (!until) return setError(t("inbox.snooze.invalid"));
    if (until <= new Date()) return setError(t("inbox.snooze.past"));
    setBusy(true);
    const ok = await onPick(until);
    setBusy(false);
    if (ok) onOpenChange(false);
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !busy && onOpenChange(o)}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{t("inbox.snooze.customTitle")}</DialogTitle>
            <DialogDescription>{t("inbox.snooze.customBody")}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor={id}>{t("inbox.snooze.until", { zone: viewer.timeZone })}</Label>
            <Input
              id={id}
              type="datetime-local"
              value={value}
              min={dateToLocalInput(new Date(), viewer.timeZone)}
              aria-invalid={error ? true : undefined}
              onChange={(e) => {
                setValue(e.target.value);
                setError(null);
              }}
            />
            <FormError>{error}</FormError>
          </div>
          <DialogFooter>
            <Button variant="outline" type="button" onClick={() => onOpenChange(false)} disabled={busy}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={busy}>
              {t("inbox.snooze.confirm")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
