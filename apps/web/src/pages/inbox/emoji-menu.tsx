import { Button } from "@quartet/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@quartet/ui/dropdown-menu";
import { Smile } from "@quartet/ui/icons";
import { useTranslation } from "@quartet/ui/lib/i18n";

// The emoji agents reach for in support chats. A full picker would need its data set served from
// the app (no CDN here): this compact grid covers replies; anything else comes from the OS picker.
const EMOJI = [
  "😀",
  "😊",
  "😂",
  "🙂",
  "😉",
  "😍",
  "🥰",
  "😎",
  "🤔",
  "😅",
  "😢",
  "😮",
  "🙏",
  "👍",
  "👎",
  "👏",
  "🙌",
  "👋",
  "🤝",
  "💪",
  "👌",
  "✌️",
  "❤️",
  "💙",
  "🔥",
  "🎉",
  "✨",
  "⭐",
  "✅",
  "❌",
  "⚠️",
  "❓",
  "📦",
  "🚚",
  "💳",
  "🧾",
  "📞",
  "📧",
  "🕒",
  "📍",
  "🎁",
  "🛒",
  "💡",
  "🔧",
  "😴",
  "🤗",
  "😇",
  "🙈",
];

/** A grid of common emoji in a menu (arrow keys move, Enter inserts). */
export function EmojiMenu({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          type="button"
          variant="ghost"
          size="icon-sm"
          disabled={disabled}
          aria-label={t("inbox.composer.emoji")}
          title={t("inbox.composer.emoji")}
        >
          <Smile aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="grid w-72 grid-cols-8 gap-0.5 p-1.5">
        {EMOJI.map((emoji) => (
          <DropdownMenuItem
            key={emoji}
            className="flex size-8 items-center justify-center p-0 text-lg"
            onSelect={() => onPick(emoji)}
          >
            {emoji}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
