import { Search, X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { Kbd } from "@quartet/ui/kbd";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { SEARCH_ATTRIBUTE } from "@quartet/ui/lib/shortcuts";

/** The page's search box: `/` focuses it (ShortcutsDialog), Esc clears it. */
export function SearchField({
  value,
  onChange,
  label,
  placeholder,
  className,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  className?: string;
}) {
  const { t } = useTranslation("admin");
  return (
    <div className={cn("relative min-w-0", className)}>
      <Search
        className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden
      />
      <Input
        type="search"
        {...{ [SEARCH_ATTRIBUTE]: "" }}
        aria-label={label}
        placeholder={placeholder ?? label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && value) {
            e.preventDefault();
            onChange("");
          }
        }}
        className="ps-8 pe-9 [&::-webkit-search-cancel-button]:hidden"
        autoComplete="off"
        spellCheck={false}
      />
      {value ? (
        <button
          type="button"
          onClick={() => onChange("")}
          className="absolute end-1.5 top-1/2 flex size-6 -translate-y-1/2 items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
          aria-label={t("common.clearSearch")}
        >
          <X className="size-3.5" aria-hidden />
        </button>
      ) : (
        <Kbd
          className="pointer-events-none absolute end-2 top-1/2 hidden -translate-y-1/2 sm:inline-flex"
          aria-hidden
        >
          /
        </Kbd>
      )}
    </div>
  );
}
