import type { Logger } from "@quartet/core/deps";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * A small structured logger: one JSON object per line in production (for log shippers), a readable
 * `level message key=value` line in development.
 */
export function createLogger(options: { level?: LogLevel; json?: boolean; name?: string } = {}): Logger {
  const min = LEVELS[options.level ?? "info"];
  const write = (level: Exclude<LogLevel, "silent">, obj: object | string, msg?: string) => {
    if (LEVELS[level] < min) return;
    const fields = typeof obj === "string" ? {} : normalize(obj, options.json === true);
    const message = typeof obj === "string" ? obj : (msg ?? "");
    const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
    if (options.json) {
      stream.write(
        `${JSON.stringify({ time: new Date().toISOString(), level, name: options.name, msg: message, ...fields })}\n`,
      );
    } else {
      const extras = Object.entries(fields)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(" ");
      stream.write(`${level.padEnd(5)} ${message}${extras ? ` ${extras}` : ""}\n`);
    }
  };
  return {
    debug: (obj, msg) => write("debug", obj, msg),
    info: (obj, msg) => write("info", obj, msg),
    warn: (obj, msg) => write("warn", obj, msg),
    error: (obj, msg) => write("error", obj, msg),
  };
}

/**
 * Errors don't serialise with JSON.stringify, and pg errors drag their whole client along: keep
 * message, code and (in JSON mode) the stack. pg-boss re-emits some errors as plain copies, so
 * anything with a string `message` and a `stack` or `code` counts as an error.
 */
function normalize(obj: object, withStack: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!isErrorLike(v)) out[k] = v;
    else if (withStack)
      out[k] = { message: v.message, ...(v.code !== undefined ? { code: v.code } : {}), stack: v.stack };
    else out[k] = v.code !== undefined ? `${v.message} (${String(v.code)})` : v.message;
  }
  return out;
}

function isErrorLike(v: unknown): v is { message: string; code?: unknown; stack?: string } {
  if (v instanceof Error) return true;
  return (
    !!v &&
    typeof v === "object" &&
    typeof (v as { message?: unknown }).message === "string" &&
    ("stack" in v || "code" in v)
  );
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
