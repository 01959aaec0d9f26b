import { Badge } from "@quartet/ui/badge";
import { X } from "@quartet/ui/icons";
import { Input } from "@quartet/ui/input";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { useId, useState } from "react";
import { trpc } from "../../lib/trpc.ts";
import { useWorkspace } from "../../lib/workspace.ts";

// Tags of a ticket: removable chips and an input that suggests the workspace's existing tags
// (deskTickets.tags, most used first). Tags are lower-case, like the server stores them.

const MAX_TAG = 50;

export function normalizeTag(raw: string) {
  return raw.trim().toLowerCase().slice(0, MAX_TAG);
}

/** The tags as read-only chips. */
export function TagChips({ tags, className }: { tags: readonly string[]; className?: string }) {
  if (tags.length === 0) return null;
  return (
    <span className={className ?? "flex flex-wrap gap-1"}>
      {tags.map((tag) => (
        <Badge key={tag} variant="neutral" className="font-normal">
          {tag}
        </Badge>
      ))}
    </span>
  );
}

export function TagInput({
  value,
  onChange,
  disabled,
  id,
}: {
  value: readonly string[];
  onChange: (next: string[]) => void;
  disabled?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const org = useWorkspace();
  const listId = useId();
  const ownId = useId();
  const inputId = id ?? ownId;
  const [text, setText] = useState("");
  const known = trpc.deskTickets.tags.useQuery({ orgId: org.id, limit: 200 }, { staleTime: 30_000 });
  const suggestions = (known.data?.items ?? []).filter((s) => !value.includes(s.tag));

  const add = (raw: string) => {
    const tag = normalizeTag(raw);
    setText("");
    if (!tag || value.includes(tag)) return;
    onChange([...value, tag]);
  };

  return (
    <div className="grid gap-2">
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-1" aria-label={t("deskAgent.tags.listLabel")}>
          {value.map((tag) => (
            <li key={tag}>
              <Badge variant="neutral" className="gap-1 pe-1 font-normal">
                {tag}
                <button
                  type="button"
                  className="rounded-sm p-0.5 hover:bg-foreground/10 disabled:opacity-50"
                  aria-label={t("deskAgent.tags.remove", { tag })}
                  disabled={disabled}
                  onClick={() => onChange(value.filter((v) => v !== tag))}
                >
                  <X className="size-3" aria-hidden />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
      <Input
        id={inputId}
        list={listId}
        value={text}
        disabled={disabled}
        maxLength={MAX_TAG}
        autoComplete="off"
        aria-label={id ? undefined : t("deskAgent.tags.inputLabel")}
        placeholder={t("deskAgent.tags.placeholder")}
        onChange={(e) => {
          const next = e.target.value;
          // A suggestion picked from the list (not typed) is taken at once.
          const inputType = (e.nativeEvent as InputEvent).inputType;
          const picked = inputType === "insertReplacementText" || inputType === undefined;
          if (picked && suggestions.some((s) => s.tag === next)) add(next);
          else setText(next);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === ",") {
            if (!text.trim()) return;
            e.preventDefault();
            add(text);
          } else if (e.key === "Backspace" && !text && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => {
          if (text.trim()) add(text);
        }}
      />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.tag} value={s.tag}>
            {t("deskAgent.tags.option", { tag: s.tag, count: s.count })}
          </option>
        ))}
      </datalist>
    </div>
  );
}
