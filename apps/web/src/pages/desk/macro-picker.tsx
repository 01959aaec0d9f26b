import { Button } from "@quartet/ui/button";
import { Dialog, DialogContent, DialogHeader, DialogTitle } from "@quartet/ui/dialog";
import { Search, Zap } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { cn } from "@quartet/ui/lib/cn";
import { errorMessage } from "@quartet/ui/lib/errors";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { toast } from "@quartet/ui/toaster";
import { useId, useMemo, useState } from "react";
import { Link } from "react-router";
import { type RouterOutputs, trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

type Macro = RouterOutputs["deskMacros"]["list"][number];

/**
 * "Macros" in the reply box: a searchable list (type to filter, ↑/↓ to move, Enter to apply).
 * Applying renders the text server-side and hands it to the reply box; field changes are applied
 * on the server through the regular update path.
 */
export function MacroPicker({ ticketId, onText }: { ticketId: string; onText: (text: string) => void }) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const macros = trpc.deskMacros.list.useQuery({ orgId: org.id }, { enabled: open });
  const apply = trpc.deskMacros.applyToTicket.useMutation();
  const listId = useId();

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = macros.data ?? [];
    return q ? all.filter((m) => m.name.toLowerCase().includes(q) || m.body.toLowerCase().includes(q)) : all;
  }, [macros.data, query]);

  const choose = async (macro: Macro | undefined) => {
    if (!macro || apply.isPending) return;
    try {
      const result = await apply.mutateAsync({ orgId: org.id, macroId: macro.id, ticketId });
      if (result.text.trim()) onText(result.text);
      utils.deskTickets.get.setData({ orgId: org.id, ticketId }, result.ticket);
      await Promise.all([
        utils.deskTickets.get.invalidate({ orgId: org.id, ticketId }),
        utils.deskTickets.list.invalidate({ orgId: org.id }),
        utils.deskMacros.list.invalidate({ orgId: org.id }),
      ]);
      toast.success(
        [
          t("macros.picker.applied", { name: macro.name }),
          result.changes.length ? t("macros.picker.changes", { count: result.changes.length }) : "",
        ]
          .filter(Boolean)
          .join(" "),
      );
      setOpen(false);
      setQuery("");
    } catch (e) {
      toast.error(errorMessage(e, t("errors.generic")));
    }
  };

  return (
    <>
      <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(true)}>
        <Zap aria-hidden />
        {t("macros.picker.button")}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent size="md">
          <DialogHeader>
            <DialogTitle>{t("macros.picker.button")}</DialogTitle>
          </DialogHeader>
          <div className="relative">
            <Search
              aria-hidden
              className="pointer-events-none absolute start-2.5 top-2.5 size-4 text-muted-foreground"
            />
            <Input
              autoFocus
              role="combobox"
              aria-expanded
              aria-controls={listId}
              aria-activedescendant={matches[active] ? `${listId}-${matches[active].id}` : undefined}
              aria-label={t("macros.picker.search")}
              placeholder={t("macros.picker.search")}
              className="ps-8"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  setActive((i) => Math.min(i + 1, Math.max(matches.length - 1, 0)));
                } else if (e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive((i) => Math.max(i - 1, 0));
                } else if (e.key === "Enter") {
                  e.preventDefault();
                  void choose(matches[active]);
                }
              }}
            />
          </div>
          <div
            id={listId}
            role="listbox"
            aria-label={t("macros.picker.button")}
            className="grid max-h-72 min-w-0 grid-cols-1 gap-1 overflow-y-auto"
          >
            {matches.map((macro, i) => (
              <div
                key={macro.id}
                id={`${listId}-${macro.id}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={cn(
                  "min-w-0 cursor-pointer rounded-md px-2 py-1.5 text-sm",
                  i === active ? "bg-accent" : "hover:bg-accent/60",
                )}
                onMouseEnter={() => setActive(i)}
                onClick={() => void choose(macro)}
                onKeyDown={() => undefined}
              >
                <span className="block font-medium">{macro.name}</span>
                <span className="block truncate text-xs text-muted-foreground">{macro.body}</span>
              </div>
            ))}
          </div>
          {macros.isSuccess && matches.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {t("macros.picker.none")}{" "}
              <Link to={`/w/${org.slug}/desk/settings/macros`} className="underline">
                {t("macros.picker.emptyLink")}
              </Link>
            </p>
          ) : null}
        </DialogContent>
      </Dialog>
    </>
  );
}
