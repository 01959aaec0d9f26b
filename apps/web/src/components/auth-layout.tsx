import type { LucideIcon } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useDocumentTitle } from "@quartet/ui/lib/use-document-title";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { BrandMark } from "./brand.tsx";
import { PreferencesMenu } from "./preferences-menu.tsx";

/** Signed-out screens: a calm centred column with the brand, the task, and language/theme. */
export function AuthLayout({
  title,
  description,
  children,
  footer,
  icon,
}: {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  icon?: ReactNode;
}) {
  const { t } = useTranslation();
  useDocumentTitle(typeof title === "string" ? title : null);
  return (
    <div className="flex min-h-dvh flex-col bg-subtle">
      <header className="flex items-center justify-between px-4 py-3 sm:px-6">
        <Link to="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <BrandMark />
          <span>Quartet</span>
        </Link>
        <PreferencesMenu />
      </header>
      <main
        id="main"
        className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0"
      >
        <div className="w-full max-w-sm">
          <div className="rounded-xl border bg-card p-6 shadow-sm sm:p-7">
            {icon ? <div className="mb-4">{icon}</div> : null}
            <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
            {description ? <p className="mt-1.5 text-base text-muted-foreground">{description}</p> : null}
            {children ? <div className="mt-6">{children}</div> : null}
          </div>
          {footer ? <div className="mt-5 text-center text-sm text-muted-foreground">{footer}</div> : null}
        </div>
      </main>
      <footer className="pb-6 text-center text-xs text-muted-foreground">{t("auth.footer")}</footer>
    </div>
  );
}

/** A link in a signed-out screen's text or footer. */
export function AuthLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="font-medium text-primary hover:underline">
      {children}
    </Link>
  );
}

/** The way out of a signed-out screen that is not sign-in itself. */
export function BackToSignIn() {
  const { t } = useTranslation();
  return <AuthLink to="/sign-in">{t("common.backToSignIn")}</AuthLink>;
}

/** `components` for <Trans>: names and addresses inside a sentence stand out as <strong>. */
export const emphasis = { strong: <strong className="font-medium text-foreground" /> };

/** The round icon at the top of a status screen ("check your email", "verified"). */
export function StatusIcon({
  icon: Icon,
  children,
  tone = "primary",
}: {
  icon?: LucideIcon;
  /** Instead of an icon (a spinner, say). */
  children?: ReactNode;
  tone?: "primary" | "success" | "destructive";
}) {
  const tones = {
    primary: "bg-primary-soft text-primary-soft-foreground",
    success: "bg-success-soft text-success-soft-foreground",
    destructive: "bg-destructive-soft text-destructive-soft-foreground",
  };
  return (
    <div className={`flex size-11 items-center justify-center rounded-full [&_svg]:size-5 ${tones[tone]}`}>
      {Icon ? <Icon aria-hidden /> : children}
    </div>
  );
}
