import { Check, Minus } from "lucide-react";
import { Checkbox as CheckboxPrimitive } from "radix-ui";
import { type ComponentProps, type ReactNode, useId } from "react";
import { Label } from "./label.tsx";
import { cn } from "./lib/cn.ts";

/**
 * A 16 px box inside a 24 × 24 px hit target (WCAG 2.5.8): the extra 4 px on each side overlaps
 * the surrounding gap (negative margin), so layouts keep the size of the box.
 */
export function Checkbox({ className, ...props }: ComponentProps<typeof CheckboxPrimitive.Root>) {
  return (
    <CheckboxPrimitive.Root
      className={cn(
        "group peer -m-1 inline-flex size-6 shrink-0 items-center justify-center rounded-md",
        "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring",
        "disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    >
      <span
        aria-hidden
        className={cn(
          "flex size-4 items-center justify-center rounded-sm border border-input bg-background shadow-xs transition-colors",
          "group-data-[state=checked]:border-primary group-data-[state=checked]:bg-primary group-data-[state=checked]:text-primary-foreground",
          "group-data-[state=indeterminate]:border-primary group-data-[state=indeterminate]:bg-primary group-data-[state=indeterminate]:text-primary-foreground",
          "group-aria-invalid:border-destructive",
        )}
      >
        <CheckboxPrimitive.Indicator className="flex items-center justify-center">
          {props.checked === "indeterminate" ? (
            <Minus className="size-3.5" strokeWidth={3} />
          ) : (
            <Check className="size-3.5" strokeWidth={3} />
          )}
        </CheckboxPrimitive.Indicator>
      </span>
    </CheckboxPrimitive.Root>
  );
}

/** Checkbox with its label beside it (and an optional description below). */
export function CheckboxField({
  label,
  description,
  ...props
}: ComponentProps<typeof CheckboxPrimitive.Root> & { label: ReactNode; description?: ReactNode }) {
  const autoId = useId();
  const id = props.id ?? autoId;
  return (
    <div className="flex items-start gap-2.5">
      <Checkbox id={id} {...props} className={cn("-mt-0.5", props.className)} />
      <div className="grid gap-1">
        <Label htmlFor={id} className="leading-snug">
          {label}
        </Label>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
    </div>
  );
}
