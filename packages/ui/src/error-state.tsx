import { CircleAlert, RotateCw, WifiOff } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "./button.tsx";
import { cn } from "./lib/cn.ts";
import { errorMessage, isNetworkError } from "./lib/errors.ts";

export interface ErrorStateProps {
  /** The error from a query; its message is shown when it is meant for people. */
  error?: unknown;
  title?: ReactNode;
  message?: ReactNode;
  onRetry?: () => unknown;
  retrying?: boolean;
  className?: string;
  compact?: boolean;
}

/** What went wrong and what to do: the message, and a retry button. */
export function ErrorState({
  error,
  title,
  message,
  onRetry,
  retrying,
  className,
  compact,
}: ErrorStateProps) {
  const { t } = useTranslation("ui");
  const offline = isNetworkError(error);
  const Icon = offline ? WifiOff : CircleAlert;
  const text = message ?? (offline ? t("networkError") : errorMessage(error, t("somethingWentWrong")));
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border bg-card text-center",
        compact ? "px-4 py-6" : "px-6 py-12",
        className,
      )}
    >
      <div className="flex size-10 items-center justify-center rounded-full bg-destructive-soft text-destructive-soft-foreground">
        <Icon className="size-5" aria-hidden />
      </div>
      <div className="grid max-w-sm gap-1">
        <h3 className="text-base font-semibold">{title ?? t("errorTitle")}</h3>
        <p className="text-sm text-muted-foreground">{text}</p>
      </div>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={() => onRetry()} loading={retrying}>
          {retrying ? null : <RotateCw aria-hidden />}
          {t("retry")}
        </Button>
      ) : null}
    </div>
  );
}

/** An error in place of the whole screen (the session behind every page didn't load), centred. */
export function ScreenErrorState({ className, ...props }: ErrorStateProps) {
  return (
    <div className="flex min-h-dvh items-center justify-center p-4">
      <ErrorState className={cn("w-full max-w-md", className)} {...props} />
    </div>
  );
}
