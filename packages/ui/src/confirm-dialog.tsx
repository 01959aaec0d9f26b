import { type FormEvent, type ReactNode, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "./dialog.tsx";
import { FormError } from "./form-field.tsx";
import { Input } from "./input.tsx";
import { Label } from "./label.tsx";
import { errorMessage } from "./lib/errors.ts";

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  /** Say what will be destroyed or changed, by name. */
  description: ReactNode;
  confirmLabel: string;
  /** Red button; use for anything that can't be undone. */
  destructive?: boolean;
  /** When set, the person must type this text (e.g. the workspace slug) before confirming. */
  confirmText?: string;
  /** Extra fields (a password, say) shown above the typed confirmation. */
  children?: ReactNode;
  /** May be async; the dialog shows progress, closes on success and shows the error otherwise. */
  onConfirm: () => unknown;
  /** Extra condition for enabling the confirm button (e.g. a password was typed). */
  canConfirm?: boolean;
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  destructive = false,
  confirmText,
  children,
  onConfirm,
  canConfirm = true,
}: ConfirmDialogProps) {
  const { t } = useTranslation("ui");
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  useEffect(() => {
    if (open) {
      setTyped("");
      setError(null);
    }
  }, [open]);

  const matches = !confirmText || typed.trim() === confirmText;
  const enabled = matches && canConfirm && !busy;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!enabled) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (err) {
      setError(errorMessage(err, t("somethingWentWrong")));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <DialogContent size="sm" role="alertdialog">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription asChild>
              <div>{description}</div>
            </DialogDescription>
          </DialogHeader>
          {children}
          {confirmText ? (
            <div className="grid gap-1.5">
              <Label htmlFor={inputId} className="font-normal leading-snug text-muted-foreground">
                <Emphasized text={t("typeToConfirm", { text: confirmText })} />
              </Label>
              <Input
                id={inputId}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                aria-label={t("typeToConfirmLabel")}
              />
            </div>
          ) : null}
          <FormError>{error}</FormError>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
              {t("cancel")}
            </Button>
            <Button
              type="submit"
              variant={destructive ? "destructive" : "primary"}
              disabled={!enabled}
              loading={busy}
            >
              {confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * A sentence whose one `<strong>…</strong>` part stands out. Not react-i18next's <Trans>: that
 * pulls an HTML parser into every screen with a confirmation.
 */
function Emphasized({ text }: { text: string }) {
  const [before, strong, after] = text.split(/<strong>(.*?)<\/strong>/);
  return (
    <>
      {before}
      {strong !== undefined ? <strong className="font-semibold text-foreground">{strong}</strong> : null}
      {after}
    </>
  );
}
