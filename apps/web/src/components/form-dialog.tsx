import { Button } from "@quartet/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@quartet/ui/dialog";
import { FormError } from "@quartet/ui/form-field";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { type FormEvent, type ReactNode, useEffect } from "react";

/**
 * A dialog holding a short form: each opening starts from the form's initial values, it can't be
 * closed while submitting, and Cancel sits beside the submit button.
 */
export function FormDialog({
  open,
  onOpenChange,
  form,
  title,
  description,
  submitLabel,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  form: {
    submitting: boolean;
    formError: string | null;
    handleSubmit: (event?: FormEvent) => void;
    reset: () => void;
  };
  title: ReactNode;
  description: ReactNode;
  submitLabel: string;
  /** The fields. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { reset } = form;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);

  return (
    <Dialog open={open} onOpenChange={(next) => !form.submitting && onOpenChange(next)}>
      <DialogContent>
        <form onSubmit={form.handleSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          <FormError>{form.formError}</FormError>
          {children}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={form.submitting}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={form.submitting}>
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
