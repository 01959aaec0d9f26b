import { AppShell, NavItem, NavSection } from "@quartet/ui/app-shell";
import { Avatar } from "@quartet/ui/avatar";
import { Badge } from "@quartet/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
  LanguageRadioGroup,
} from "@quartet/ui/dropdown-menu";
import {
  Activity,
  Building2,
  ChartColumn,
  ChevronsUpDown,
  Flag,
  KeyRound,
  Languages,
  Layers,
  ListChecks,
  LogOut,
  Mail,
  Megaphone,
  Monitor,
  Moon,
  ScrollText,
  SearchCheck,
  ShieldCheck,
  SlidersHorizontal,
  Sun,
  Users,
  Webhook,
  Wrench,
} from "@quartet/ui/icons";
import { useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { type ThemePreference, useTheme } from "@quartet/ui/lib/theme";
import { ShortcutsDialog } from "@quartet/ui/shortcuts-dialog";
import { toast } from "@quartet/ui/toaster";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useAdmin } from "../lib/session.tsx";
import { trpc } from "../lib/trpc.ts";

const sections = [
  { to: "/users", icon: Users, key: "nav.users" },
  { to: "/orgs", icon: Building2, key: "nav.orgs" },
  { to: "/revenue", icon: ChartColumn, key: "billing.nav" },
  { to: "/tools", icon: Wrench, key: "tools.nav" },
  { to: "/audit", icon: ScrollText, key: "nav.audit" },
  { to: "/outbox", icon: Mail, key: "nav.outbox" },
  { to: "/config", icon: SlidersHorizontal, key: "platform.nav.config" },
  { to: "/flags", icon: Flag, key: "platform.nav.flags" },
  { to: "/tasks", icon: ListChecks, key: "platform.nav.tasks" },
  { to: "/queues", icon: Layers, key: "platform.nav.queues" },
  { to: "/system", icon: Activity, key: "platform.nav.system" },
  { to: "/security", icon: KeyRound, key: "security.nav" },
  { to: "/inbox-webhooks", icon: Webhook, key: "inboxWebhooks.nav" },
  { to: "/campaigns", icon: Megaphone, key: "campaigns.nav" },
  { to: "/seo", icon: SearchCheck, key: "seo.nav" },
] as const;

export function AdminLayout() {
  const { t } = useTranslation("admin");
  const { pathname } = useLocation();
  const current = sections.find((s) => pathname === s.to || pathname.startsWith(`${s.to}/`));
  return (
    <AppShell
      navKey={pathname}
      switcher={<Brand />}
      mobileTitle={current ? t(current.key) : t("brand.name")}
      nav={
        <NavSection label={t("nav.section")}>
          {sections.map((s) => (
            <NavItem key={s.to} icon={s.icon} active={current?.to === s.to}>
              <Link to={s.to}>{t(s.key)}</Link>
            </NavItem>
          ))}
        </NavSection>
      }
      footer={<AdminMenu />}
    >
      <ShortcutsDialog />
      <Outlet />
    </AppShell>
  );
}

function Brand() {
  const { t } = useTranslation("admin");
  return (
    <Link
      to="/users"
      className="flex h-10 items-center gap-2.5 rounded-md px-2 focus-visible:outline-2 focus-visible:outline-ring"
    >
      <span className="flex size-7 items-center justify-center rounded-md bg-destructive text-destructive-foreground">
        <ShieldCheck className="size-4" aria-hidden />
      </span>
      <span className="grid leading-tight">
        <span className="text-sm font-semibold text-foreground">{t("brand.name")}</span>
        <span className="text-xs text-muted-foreground">{t("brand.tagline")}</span>
      </span>
    </Link>
  );
}

function AdminMenu() {
  const { t } = useTranslation("admin");
  const admin = useAdmin();
  const { preference, setPreference } = useTheme();
  const { language, setLanguage } = useLanguage();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: () => {
      utils.auth.session.setData(undefined, null);
      void utils.invalidate();
      toast.success(t("auth.signedOut"));
      navigate("/sign-in", { replace: true });
    },
    onError: () => toast.error(t("auth.signOutFailed")),
  });
  if (!admin) return null;
  const themes: { value: ThemePreference; icon: typeof Sun; label: string }[] = [
    { value: "light", icon: Sun, label: t("menu.themeLight") },
    { value: "dark", icon: Moon, label: t("menu.themeDark") },
    { value: "system", icon: Monitor, label: t("menu.themeSystem") },
  ];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger className="flex w-full items-center gap-2 rounded-md p-1.5 text-start hover:bg-sidebar-active/70 focus-visible:outline-2 focus-visible:outline-ring">
        {/* Named by what it shows (axe: the accessible name contains the visible text), then its role. */}
        <span className="sr-only">{t("menu.account")}: </span>
        <Avatar name={admin.name ?? admin.email} src={admin.avatarUrl} size="sm" />
        <span className="grid min-w-0 flex-1 leading-tight">
          <span className="truncate text-sm font-medium text-foreground">{admin.name ?? admin.email}</span>
          <span className="truncate text-xs text-muted-foreground">{admin.email}</span>
        </span>
        <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-60">
        <DropdownMenuLabel className="flex items-center gap-2">
          {t("menu.signedInAs")}
          <Badge variant="destructive">{t("roles.SUPERADMIN")}</Badge>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <Sun aria-hidden />
            {t("menu.theme")}
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent>
            <DropdownMenuRadioGroup
              value={preference}
              onValueChange={(v) => setPreference(v as ThemePreference)}
            >
              {themes.map((th) => (
                <DropdownMenuRadioItem key={th.value} value={th.value}>
                  {th.label}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <Languages aria-hidden />
            {t("menu.language")}
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent>
            <LanguageRadioGroup value={language} onChange={setLanguage} />
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          onSelect={(e) => {
            e.preventDefault();
            if (!signOut.isPending) signOut.mutate();
          }}
          disabled={signOut.isPending}
        >
          <LogOut aria-hidden />
          {t("menu.signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
