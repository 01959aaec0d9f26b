import { Button } from "@quartet/ui/button";
import { Upload } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import { type DragEvent, useEffect, useId, useRef, useState } from "react";
import { acceptLabel } from "./tools-upload.ts";

/**
 * Where files come in: dropped on the zone, pasted anywhere on the page (a screenshot, files
 * copied in a file manager), or picked with the button (the keyboard's way in).
 */
export function DropZone({
  accept,
  multiple,
  maxFiles,
  maxSizeMb,
  toolName,
  onFiles,
  compact,
  disabled,
}: {
  accept: readonly string[];
  multiple: boolean;
  maxFiles: number;
  maxSizeMb: number | null;
  toolName: string;
  onFiles: (files: File[]) => void;
  compact?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hintId = useId();
  const count = multiple ? 2 : 1;

  // Paste from anywhere on the page, except into a text field.
  const onFilesRef = useRef(onFiles);
  onFilesRef.current = onFiles;
  useEffect(() => {
    if (disabled) return;
    const onPaste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, [contenteditable='true']")) return;
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      onFilesRef.current(files);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [disabled]);

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes("Files");
  const onDragEnter = (e: DragEvent) => {
    if (disabled || !hasFiles(e)) return;
    e.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    if (disabled) return;
    const files = Array.from(e.dataTransfer.files);
    if (files.length) onFiles(files);
  };

  return (
    <section
      aria-label={t("tools.drop.label", { tool: toolName })}
      aria-describedby={hintId}
      data-testid="drop-zone"
      onDragEnter={onDragEnter}
      onDragOver={(e) => {
        if (!disabled && hasFiles(e)) e.preventDefault();
      }}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed bg-subtle/60 px-4 text-center transition-colors",
        compact ? "py-5" : "py-10 sm:py-14",
        over ? "border-primary bg-primary/5" : "border-border",
        disabled && "opacity-60",
      )}
    >
      {compact ? null : (
        <span className="flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
          <Upload className="size-6" aria-hidden />
        </span>
      )}
      <p className="text-base font-medium">
        {over
          ? t("tools.drop.dropNow")
          : compact
            ? t("tools.files.addMore")
            : t("tools.drop.title", { count })}
      </p>
      <div className="flex flex-wrap items-center justify-center gap-2 text-sm text-muted-foreground">
        <span>{t("tools.drop.or")}</span>
        <Button
          type="button"
          size="sm"
          variant={compact ? "outline" : "primary"}
          disabled={disabled}
          onClick={() => input.current?.click()}
        >
          {t("tools.drop.choose", { count })}
        </Button>
      </div>
      <p id={hintId} className="text-xs text-muted-foreground">
        {accept.length ? `${t("tools.drop.accepts", { types: acceptLabel(accept) })} · ` : null}
        {maxSizeMb === null
          ? null
          : multiple
            ? t("tools.drop.limits", { count: maxFiles, size: maxSizeMb })
            : t("tools.drop.limits", { count: 1, size: maxSizeMb })}
      </p>
      <input
        ref={input}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-hidden
        accept={accept.join(",")}
        multiple={multiple}
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          if (files.length) onFiles(files);
        }}
      />
    </section>
  );
}
