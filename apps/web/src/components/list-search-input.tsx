import { Search } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { Kbd } from "@quartet/ui/kbd";
import { SEARCH_ATTRIBUTE } from "@quartet/ui/lib/shortcuts";

/**
 * The search box above a list: `/` focuses it (the hint shows while it is empty), Escape clears it.
 */
export function ListSearchInput({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
}) {
  return (
    <div className="relative w-full sm:w-72">
      <Search
        className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden
      />
      <Input
        type="search"
        className="ps-8 pe-8"
        placeholder={label}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && value) {
            e.preventDefault();
            onChange("");
          }
        }}
        {...{ [SEARCH_ATTRIBUTE]: "" }}
      />
      {value ? null : (
        <Kbd className="pointer-events-none absolute end-2 top-1/2 hidden -translate-y-1/2 sm:inline-flex">
          /
        </Kbd>
      )}
    </div>
  );
}
