// Turning a customer's mail body into the message we keep: their new words, without the previous
// mail their client quoted below (or above) them.

/** Attribution lines mail clients put before a quote: "On <date>, <who> wrote:" and translations. */
const ATTRIBUTION = [
  /^On\b.{0,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird (en)
  /^Le\b.{0,300}\ba écrit\s?:\s*$/i, // fr
  /^El\b.{0,300}\bescribió:\s*$/i, // es
  /^Am\b.{0,300}\bschrieb.{0,100}:\s*$/i, // de
  /^Op\b.{0,300}\bschreef.{0,100}:\s*$/i, // nl
  /^في\b.{0,300}كتب.{0,100}:\s*$/, // ar
];

/** Outlook-style separators: everything after them is the previous mail. */
const SEPARATORS = [
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Message d'origine\s*-{2,}\s*$/i,
  /^_{20,}\s*$/, // Outlook's line before "From: … Sent: …"
];

function isAttribution(line: string): boolean {
  return ATTRIBUTION.some((re) => re.test(line.trim()));
}

/**
 * Strips the quoted previous mail: everything from an attribution line ("On … wrote:", which
 * clients sometimes wrap over two lines) or an Outlook separator, and every ">"-quoted line.
 * Falls back to the whole text when nothing else would remain (a mail that is only a quote).
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const next = lines[i + 1] ?? "";
    if (SEPARATORS.some((re) => re.test(line.trim())) || isAttribution(line)) {
      end = i;
      break;
    }
    // Wrapped attribution: "On Mon, 2 Nov 2026 at 10:00, Support <acme@…>" / "wrote:".
    if (next && /^\S/.test(next) && !isAttribution(next) && isAttribution(`${line.trim()} ${next.trim()}`)) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end).filter((line) => !/^\s*>/.test(line));
  const result = tidy(kept.join("\n"));
  return result || tidy(text);
}

/** Trims, drops trailing spaces and collapses runs of blank lines. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
