import { Select, type SelectOption } from "@quartet/ui/select-menu";

// Radix Select can't hold an empty value, so "no filter" is this option, kept out of the URL.
const ALL = "all";

/** A list filter as a select; its first option ("All …") clears the filter (an empty value). */
export function FilterSelect({
  label,
  allLabel,
  value,
  onChange,
  options,
  className,
}: {
  label: string;
  allLabel: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  className?: string;
}) {
  return (
    <Select
      aria-label={label}
      className={className}
      value={value || ALL}
      onValueChange={(v) => onChange(v === ALL ? "" : v)}
      options={[{ value: ALL, label: allLabel }, ...options]}
    />
  );
}
