import { Button } from "@quartet/ui/button";
import { ConfirmDialog } from "@quartet/ui/confirm-dialog";
import { FormField } from "@quartet/ui/form-field";
import { Ban, Lock, LockOpen, Power } from "@quartet/ui/icons";
import { Textarea } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useId, useState } from "react";
import { trpc, type UserDetail } from "../lib/trpc.ts";

type Action = "lock" | "unlock" | "disable" | "enable";

const icons = { lock: Lock, unlock: LockOpen, disable: Ban, enable: Power } as const;

/** Which status changes apply to an account in its current status. */
function actionsFor(status: UserDetail["user"]["status"]): Action[] {
  switch (status) {
    case "ACTIVE":
    case "PENDING":
      return ["lock", "disable"];
    case "LOCKED":
      return ["unlock", "disable"];
    case "DISABLED":
      return ["enable"];
  }
}

/**
 * Lock / unlock / disable / enable, each behind a confirmation that names the account and takes
 * an optional reason (kept in the audit log). Lock and disable are refused for yourself and for
 * other platform admins, and the buttons say why before anyone tries.
 */
export function StatusActions({ user, adminId }: { user: UserDetail["user"]; adminId: string }) {
  const { t } = useTranslation("admin");
  const [open, setOpen] = useState<Action | null>(null);
  const hintId = useId();
  const [reason, setReason] = useState("");
  const utils = trpc.useUtils();
  const options = {
    onSuccess: async (res: { status: string; sessionsEnded: number }, vars: { userId: string }) => {
      await Promise.all([
        utils.users.get.invalidate({ userId: vars.userId }),
        utils.users.list.invalidate(),
        utils.audit.list.invalidate(),
      ]);
      return res;
    },
  };
  const mutations = {
    lock: trpc.users.lock.useMutation(options),
    unlock: trpc.users.unlock.useMutation(options),
    disable: trpc.users.disable.useMutation(options),
    enable: trpc.users.enable.useMutation(options),
  };
  const blockedReason =
    user.id === adminId
      ? t("actions.selfBlocked")
      : user.platformRole === "SUPERADMIN"
        ? t("actions.superadminBlocked")
        : null;
  const who = user.name ? `${user.name} (${user.email})` : user.email;

  async function confirm(action: Action) {
    const res = await mutations[action].mutateAsync({ userId: user.id, reason: reason.trim() || undefined });
    toast.success(t(`actions.${action}.done`, { who: user.email, count: res.sessionsEnded }));
  }

  return (
    <div className="grid gap-1.5 sm:justify-items-end">
      <div className="flex flex-wrap items-center gap-2">
        {actionsFor(user.status).map((action) => {
          const Icon = icons[action];
          const guarded = (action === "lock" || action === "disable") && blockedReason;
          return (
            <Button
              key={action}
              variant={action === "lock" || action === "disable" ? "outline" : "primary"}
              className={action === "disable" ? "text-destructive-soft-foreground" : undefined}
              onClick={() => {
                setReason("");
                setOpen(action);
              }}
              disabled={Boolean(guarded) || Boolean(user.deletedAt)}
              aria-describedby={guarded ? hintId : undefined}
            >
              <Icon aria-hidden />
              {t(`actions.${action}.button`)}
            </Button>
          );
        })}
      </div>
      {blockedReason && user.status !== "DISABLED" ? (
        <p id={hintId} className="max-w-xs text-xs text-muted-foreground sm:text-end">
          {blockedReason}
        </p>
      ) : null}
      {open ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setOpen(null)}
          title={t(`actions.${open}.title`, { who })}
          description={t(`actions.${open}.description`, { who })}
          confirmLabel={t(`actions.${open}.confirm`)}
          destructive={open === "lock" || open === "disable"}
          onConfirm={() => confirm(open)}
        >
          <FormField label={t("actions.reason")} optional hint={t("actions.reasonHint")}>
            <Textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={3} />
          </FormField>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
