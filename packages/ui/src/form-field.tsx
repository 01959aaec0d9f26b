import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { Label } from "./label.tsx";
import { cn } from "./lib/cn.ts";

export interface FormFieldProps {
  label: ReactNode;
  /** Shown under the field in plain words; also marks the control aria-invalid. */
  error?: string | null | undefined;
  hint?: ReactNode;
  optional?: boolean;
  className?: string;
  /** Extra content on the label's line (e.g. a "Forgot password?" link). */
  labelAside?: ReactNode;
  /** One control; it receives id, aria-describedby and aria-invalid. */
  children: ReactElement;
}

type ControlProps = { id?: string; "aria-describedby"?: string; "aria-invalid"?: boolean };

export function FormField({ label, error, hint, optional, className, labelAside, children }: FormFieldProps) {
  const { t } = useTranslation("ui");
  const autoId = useId();
  const child = Children.only(children);
  const childProps = (isValidElement(child) ? child.props : {}) as ControlProps;
  const id = childProps.id ?? autoId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy =
    [childProps["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id}>
          {label}
          {optional ? (
            <span className="ms-1 font-normal text-muted-foreground">({t("optional")})</span>
          ) : null}
        </Label>
        {labelAside}
      </div>
      {cloneElement(child as ReactElement<ControlProps>, {
        id,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : childProps["aria-invalid"],
      })}
      {hint && !error ? (
        <p id={hintId} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {hint && error ? (
        <span id={hintId} className="sr-only">
          {hint}
        </span>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-destructive-soft-foreground">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Form-level message for errors that belong to no single field. */
export function FormError({ children, className }: { children?: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <div
      role="alert"
      className={cn(
        "rounded-md border border-destructive/30 bg-destructive-soft px-3 py-2 text-sm text-destructive-soft-foreground",
        className,
      )}
    >
      {children}
    </div>
  );
}
