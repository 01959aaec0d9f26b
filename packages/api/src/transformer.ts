// The one data transformer of both tRPC servers and every client (the two SPAs, scripts, tests).
//
// Payloads are plain JSON plus the few values JSON can't carry: Date (every timestamp the SPAs
// read), BigInt, NaN/±Infinity and undefined inside arrays. Those travel as strings tagged with a
// leading NUL character, and a real string that starts with NUL is escaped with a second one, so
// the encoding is unambiguous (Postgres text can't even hold NUL: the escape is for completeness).
// It replaces superjson, which did the same with a walk that recorded a path per value: about 10 %
// of the CPU of a ticket list call, against a fraction of that here (see `pnpm bench:desk`).
//
// Everything else is encoded the way JSON.stringify would: objects by their own enumerable keys
// (a `toJSON` method first), undefined properties dropped, functions and symbols skipped — except
// Map and Set, which JSON would turn into {} silently: they are refused (no procedure returns one).

const MARK = "\u0000";
const MARK_CODE = 0;

const tag = {
  escaped: MARK,
  date: "D",
  bigint: "B",
  nan: "N",
  infinity: "I",
  negInfinity: "i",
  undefined: "U",
} as const;

function encode(value: unknown): unknown {
  switch (typeof value) {
    case "string":
      return value.charCodeAt(0) === MARK_CODE ? MARK + value : value;
    case "number":
      if (Number.isFinite(value)) return value;
      return MARK + (Number.isNaN(value) ? tag.nan : value > 0 ? tag.infinity : tag.negInfinity);
    case "boolean":
      return value;
    case "bigint":
      return MARK + tag.bigint + value.toString();
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          out[i] = item === undefined ? MARK + tag.undefined : encode(item);
        }
        return out;
      }
      if (value instanceof Date) {
        const time = value.getTime();
        return MARK + tag.date + (Number.isNaN(time) ? "" : value.toISOString());
      }
      if (value instanceof Map || value instanceof Set) {
        // JSON would send {} without a word: refuse loudly so a test catches it.
        throw new TypeError(`transformer: a ${value.constructor.name} can't be sent; use an array or object`);
      }
      const source = value as Record<string, unknown> & { toJSON?: () => unknown };
      if (typeof source.toJSON === "function") return encode(source.toJSON());
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(source)) {
        const encoded = encode(source[key]);
        if (encoded !== undefined) out[key] = encoded;
      }
      return out;
    }
    default:
      // undefined, functions, symbols: dropped from objects, as JSON does.
      return undefined;
  }
}

function decodeString(value: string): unknown {
  switch (value[1]) {
    case tag.escaped:
      return value.slice(1);
    case tag.date:
      return new Date(value.length > 2 ? value.slice(2) : Number.NaN);
    case tag.bigint:
      return /^-?\d+$/.test(value.slice(2)) ? BigInt(value.slice(2)) : value;
    case tag.nan:
      return Number.NaN;
    case tag.infinity:
      return Number.POSITIVE_INFINITY;
    case tag.negInfinity:
      return Number.NEGATIVE_INFINITY;
    case tag.undefined:
      return undefined;
    default:
      // Not one of ours (a foreign client): keep the text as it came.
      return value;
  }
}

/** Decodes in place: the argument is freshly parsed JSON that nobody else holds. */
function decode(value: unknown): unknown {
  if (typeof value === "string") return value.charCodeAt(0) === MARK_CODE ? decodeString(value) : value;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === "string") {
        if (item.charCodeAt(0) === MARK_CODE) value[i] = decodeString(item);
      } else if (typeof item === "object" && item !== null) decode(item);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === "string") {
      if (item.charCodeAt(0) === MARK_CODE) record[key] = decodeString(item);
    } else if (typeof item === "object" && item !== null) decode(item);
  }
  return value;
}

export const transformer = {
  /** A JSON-safe copy of `value` (the value itself is never modified). */
  serialize: (value: unknown): unknown => encode(value),
  /** Turns what `serialize` produced, once parsed from JSON, back into the original values. */
  deserialize: <T = unknown>(value: unknown): T => decode(value) as T,
};
