import { Eye, EyeOff } from "lucide-react";
import { type ComponentProps, useState } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "./lib/cn.ts";

export const inputClasses = cn(
  "flex h-8.5 w-full min-w-0 rounded-md border border-input bg-background px-2.5 text-base text-foreground shadow-xs transition-colors",
  "placeholder:text-muted-foreground/80",
  "focus-visible:outline-none focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/25",
  "disabled:cursor-not-allowed disabled:opacity-60 read-only:bg-muted/50",
  "aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive/20",
  "file:border-0 file:bg-transparent file:text-sm file:font-medium",
);

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return <input type={type} className={cn(inputClasses, className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(inputClasses, "h-auto min-h-20 py-2", className)} {...props} />;
}

/** Password field with a show/hide toggle that keeps focus and value. */
export function PasswordInput({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  const { t } = useTranslation("ui");
  const [visible, setVisible] = useState(false);
  return (
    <div className="relative">
      <input
        type={visible ? "text" : "password"}
        className={cn(inputClasses, "pe-9", className)}
        autoCapitalize="off"
        spellCheck={false}
        {...props}
      />
      <button
        type="button"
        onClick={() => setVisible((v) => !v)}
        className="absolute inset-y-0 end-0 flex w-9 items-center justify-center rounded-e-md text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
        aria-label={visible ? t("hide") : t("show")}
        aria-pressed={visible}
        aria-controls={props.id}
        tabIndex={-1}
      >
        {visible ? <EyeOff className="size-4" aria-hidden /> : <Eye className="size-4" aria-hidden />}
      </button>
    </div>
  );
}
