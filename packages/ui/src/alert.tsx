import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./lib/cn.ts";

const styles = {
  info: {
    box: "bg-primary-soft/60 border-primary/20 text-foreground",
    icon: Info,
    iconClass: "text-primary-soft-foreground",
  },
  success: {
    box: "bg-success-soft border-success/25 text-foreground",
    icon: CircleCheck,
    iconClass: "text-success-soft-foreground",
  },
  warning: {
    box: "bg-warning-soft border-warning/30 text-foreground",
    icon: TriangleAlert,
    iconClass: "text-warning-soft-foreground",
  },
  destructive: {
    box: "bg-destructive-soft border-destructive/25 text-foreground",
    icon: CircleAlert,
    iconClass: "text-destructive-soft-foreground",
  },
};

/** An inline callout inside a page or form. */
export function Alert({
  variant = "info",
  title,
  children,
  action,
  className,
  role,
}: {
  variant?: keyof typeof styles;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
  role?: "alert" | "status";
}) {
  const s = styles[variant];
  const Icon = s.icon;
  return (
    <div role={role} className={cn("flex gap-3 rounded-lg border px-3.5 py-3 text-sm", s.box, className)}>
      <Icon className={cn("mt-0.5 size-4 shrink-0", s.iconClass)} aria-hidden />
      <div className="grid flex-1 gap-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className="text-muted-foreground">{children}</div> : null}
        {action ? <div className="mt-1.5">{action}</div> : null}
      </div>
    </div>
  );
}
