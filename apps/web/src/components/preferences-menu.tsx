import { Button } from "@quartet/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  LanguageRadioGroup,
} from "@quartet/ui/dropdown-menu";
import { Languages, Monitor, Moon, Sun } from "@quartet/ui/icons";
import { LANGUAGES, useLanguage, useTranslation } from "@quartet/ui/lib/i18n";
import { type ThemePreference, useTheme } from "@quartet/ui/lib/theme";

/** Language + theme for signed-out pages (signed-in people use the account menu). */
export function PreferencesMenu() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  const { preference, theme, setPreference } = useTheme();
  const ThemeIcon = theme === "dark" ? Moon : Sun;
  return (
    <div className="flex items-center gap-1">
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm">
            <Languages aria-hidden />
            <span className="sr-only">{t("prefs.language")}: </span>
            <span>{LANGUAGES.find((l) => l.code === language)?.label}</span>
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>{t("prefs.language")}</DropdownMenuLabel>
          <LanguageRadioGroup value={language} onChange={setLanguage} />
        </DropdownMenuContent>
      </DropdownMenu>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={t("prefs.theme")}>
            <ThemeIcon aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuLabel>{t("prefs.theme")}</DropdownMenuLabel>
          <ThemeRadioItems value={preference} onChange={setPreference} />
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}

export function ThemeRadioItems({
  value,
  onChange,
}: {
  value: ThemePreference;
  onChange: (v: ThemePreference) => void;
}) {
  const { t } = useTranslation();
  return (
    <DropdownMenuRadioGroup value={value} onValueChange={(v) => onChange(v as ThemePreference)}>
      <DropdownMenuRadioItem value="light">
        <Sun aria-hidden />
        {t("prefs.light")}
      </DropdownMenuRadioItem>
      <DropdownMenuRadioItem value="dark">
        <Moon aria-hidden />
        {t("prefs.dark")}
      </DropdownMenuRadioItem>
      <DropdownMenuRadioItem value="system">
        <Monitor aria-hidden />
        {t("prefs.system")}
      </DropdownMenuRadioItem>
    </DropdownMenuRadioGroup>
  );
}

export { DropdownMenuSeparator };
