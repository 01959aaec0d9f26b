import { Avatar } from "@quartet/ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  LanguageRadioGroup,
} from "@quartet/ui/dropdown-menu";
import { Keyboard, Languages, LogOut, Palette, UserRound } from "@quartet/ui/icons";
import { type Language, useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { useTheme } from "@quartet/ui/lib/theme";
import { toast } from "@quartet/ui/toaster";
import { lazy, Suspense } from "react";
import { useNavigate } from "react-router";
import { loadAreas } from "../i18n/index.ts";
import { useUser } from "../lib/session.ts";
import { signOutIntent } from "../lib/session-events.ts";
import { trpc } from "../lib/trpc.ts";
import { ThemeRadioItems } from "./preferences-menu.tsx";
import { SidebarMenuTrigger } from "./sidebar-menu-trigger.tsx";

// Tier, Day Pass and prices: downloaded the first time the menu opens.
const AccountBillingItems = lazy(() =>
  Promise.all([import("../pages/billing/account-billing-items.tsx"), loadAreas(["billing"])]).then(([m]) => ({
    default: m.AccountBillingItems,
  })),
);

export function UserMenu({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const signOut = trpc.auth.signOut.useMutation();
  const update = trpc.me.update.useMutation();
  const { language, setLanguage } = useLanguage();
  const { preference, setPreference } = useTheme();

  const changeLanguage = async (lang: Language) => {
    setLanguage(lang);
    try {
      await update.mutateAsync({ locale: lang });
      await utils.auth.session.invalidate();
    } catch {
      toast.error(t("errors.generic"));
    }
  };

  return (
    <DropdownMenu>
      <SidebarMenuTrigger>
        <span className="sr-only">{t("userMenu.label")}: </span>
        <Avatar name={user.name ?? user.email} src={user.avatarUrl} size="sm" className="size-7" />
        <span className="grid min-w-0 flex-1 leading-tight">
          <span dir="auto" className="truncate text-sm font-medium text-foreground">
            {user.name ?? user.email}
          </span>
          <span dir="ltr" className="truncate text-xs text-muted-foreground rtl:text-right">
            {user.email}
          </span>
        </span>
      </SidebarMenuTrigger>
      <DropdownMenuContent
        side="top"
        align="start"
        className="w-(--radix-dropdown-menu-trigger-width) min-w-60"
      >
        <DropdownMenuLabel className="truncate">{user.email}</DropdownMenuLabel>
        <Suspense fallback={null}>
          <AccountBillingItems />
        </Suspense>
        <DropdownMenuItem onSelect={() => navigate("/account/profile")}>
          <UserRound aria-hidden />
          {t("nav.account")}
        </DropdownMenuItem>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <Palette aria-hidden />
            {t("prefs.theme")}
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent>
            <ThemeRadioItems value={preference} onChange={setPreference} />
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <Languages aria-hidden />
            {t("prefs.language")}
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent>
            <LanguageRadioGroup value={language} onChange={changeLanguage} />
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuItem onSelect={onShowShortcuts}>
          <Keyboard aria-hidden />
          {t("userMenu.shortcuts")}
          <span className="ms-auto font-mono text-xs text-muted-foreground">?</span>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={async () => {
            signOutIntent.current = true;
            try {
              await signOut.mutateAsync();
            } finally {
              await utils.auth.session.invalidate();
            }
          }}
        >
          <LogOut aria-hidden />
          {t("userMenu.signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
