import { Button } from "@quartet/ui/button";
import { DialogFooter } from "@quartet/ui/dialog";
import { ArrowLeft, GitMerge, Search } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { type ReactNode, useId } from "react";

// The two steps both merge dialogs (tickets, contacts) share: find the other record, then confirm.

/** Step 1: a search box and the records it finds, each a button that picks it. */
export function MergeSearchStep<T extends { id: string }>({
  label,
  placeholder,
  resultsLabel,
  query,
  onQueryChange,
  items,
  loading,
  onPick,
  renderItem,
  hint,
}: {
  label: string;
  placeholder: string;
  resultsLabel: string;
  query: string;
  onQueryChange: (query: string) => void;
  items: T[];
  loading: boolean;
  onPick: (item: T) => void;
  renderItem: (item: T) => ReactNode;
  /** Shown under the list: "type to search", "no results"… */
  hint?: string | null;
}) {
  const inputId = useId();
  return (
    <div className="grid gap-2">
      <label htmlFor={inputId} className="text-sm font-medium">
        {label}
      </label>
      <div className="relative">
        <Search
          className="pointer-events-none absolute start-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden
        />
        <Input
          id={inputId}
          type="search"
          className="ps-8"
          autoFocus
          autoComplete="off"
          placeholder={placeholder}
          value={query}
          onChange={(e) => onQueryChange(e.target.value)}
        />
      </div>
      <ul className="grid max-h-64 gap-1 overflow-y-auto" aria-label={resultsLabel} aria-busy={loading}>
        {items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="flex w-full items-center gap-2 rounded-md border px-3 py-2 text-start text-sm hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
              onClick={() => onPick(item)}
            >
              {renderItem(item)}
            </button>
          </li>
        ))}
      </ul>
      {hint ? <p className="text-sm text-muted-foreground">{hint}</p> : null}
    </div>
  );
}

/** The footer: Cancel while searching; Back and the merge button once the other record is chosen. */
export function MergeFooter({
  confirming,
  pending,
  backLabel,
  confirmLabel,
  destructive,
  onBack,
  onCancel,
  onConfirm,
}: {
  confirming: boolean;
  pending: boolean;
  backLabel: string;
  confirmLabel: string;
  destructive?: boolean;
  onBack: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <DialogFooter>
      {confirming ? (
        <>
          <Button variant="outline" onClick={onBack} disabled={pending}>
            <ArrowLeft className="rtl:rotate-180" aria-hidden />
            {backLabel}
          </Button>
          <Button variant={destructive ? "destructive" : "primary"} onClick={onConfirm} loading={pending}>
            <GitMerge aria-hidden />
            {confirmLabel}
          </Button>
        </>
      ) : (
        <Button variant="outline" onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      )}
    </DialogFooter>
  );
}
