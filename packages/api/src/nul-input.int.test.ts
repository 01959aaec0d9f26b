import { randomUUID } from "node:crypto";
import { createSession, sessionCookie } from "@quartet/auth/session";
import { AppError } from "@quartet/core/errors";
import { useTestEnv } from "@quartet/core/testing/integration";
import { NUL_FIELD_MESSAGE, NUL_REASON, nulPaths } from "@quartet/core/text-input";
import type { SessionKind } from "@quartet/db/enums";
import { makeOrg, makeUser } from "@quartet/db/testing/factories";
import type { AnyRouter } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { adminRouter } from "./admin-router.ts";
import { appRouter } from "./app-router.ts";
import { createApiContext } from "./context.ts";
import { createCallerFactory } from "./trpc.ts";

// Walks EVERY procedure of the app and admin routers with inputs built from the procedure's own
// schema: every free-text field carries a NUL (U+0000), every other field a value its schema
// accepts (the caller's workspace id and slug, a uuid, an email…), so without the boundary check
// the NUL reaches Postgres (22021) and the call fails with a 500. Each call must instead answer
// BAD_REQUEST naming the fields. Procedures added later are covered automatically.

const { db, deps } = await useTestEnv();

const owner = await makeUser(db, { platformRole: "SUPERADMIN" });
const org = await makeOrg(db, owner, { slug: "nul-walk" });

const NUL = "\u0000";

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are walked generically
type ZodLike = { _zod: { def: any }; safeParse(value: unknown): { success: boolean } };

/** Values to try, in order, for a string field; the first its schema accepts is used. */
function stringCandidates(key: string): string[] {
  const ids = key === "orgId" || key === "organizationId" ? [org.id] : [];
  return [
    ...ids,
    org.slug,
    randomUUID(),
    "Walk text with a NUL",
    "someone@example.com",
    "2026-03-04T10:00:00.000Z",
    "2026-03-04",
    "09:00",
    "Europe/Paris",
    "en",
    "#3366ff",
    "https://example.com/hook",
    "123456",
    "a",
  ];
}

function sampleString(schema: ZodLike, key: string): string {
  for (const base of stringCandidates(key)) {
    if (!schema.safeParse(base).success) continue;
    // A free-text field takes the NUL (its own checks still pass); a formatted one keeps its value.
    const withNul = `${base.slice(0, 1)}${NUL}${base.slice(1)}`;
    return schema.safeParse(withNul).success ? withNul : base;
  }
  return `x${NUL}`;
}

function sampleNumber(schema: ZodLike): number {
  return [1, 5, 10, 60, 100, 1000, 0].find((n) => schema.safeParse(n).success) ?? 1;
}

/** A value for `schema` (zod 4): valid where possible, NUL in every free-text string. */
function sample(schema: ZodLike, key = ""): unknown {
  const def = schema._zod.def;
  switch (def.type) {
    case "string":
      return sampleString(schema, key);
    case "number":
      return sampleNumber(schema);
    case "bigint":
      return 1n;
    case "boolean":
      return true;
    case "date":
      return new Date();
    case "enum":
      return Object.values(def.entries)[0];
    case "literal":
      return def.values[0];
    case "object":
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, ZodLike>).map(([k, v]) => [k, sample(v, k)]),
      );
    case "array":
      return [sample(def.element, key)];
    case "tuple":
      return (def.items as ZodLike[]).map((item) => sample(item, key));
    case "record":
      return { [String(sample(def.keyType, key))]: sample(def.valueType, key) };
    case "union":
      return sample(def.options[0], key);
    case "intersection":
      return { ...(sample(def.left, key) as object), ...(sample(def.right, key) as object) };
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return sample(def.innerType, key);
    case "pipe":
      return sample(def.in, key);
    case "lazy":
      return sample(def.getter(), key);
    default:
      return `x${NUL}`;
  }
}

interface ProcedureDef {
  _def: { inputs: ZodLike[]; type: string };
}

/** Every procedure's path and a NUL-carrying input built from its input parsers. */
function walk(router: AnyRouter): { path: string; input: unknown }[] {
  const procedures = router._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(procedures).map(([path, proc]) => {
    let input: unknown;
    for (const parser of proc._def.inputs) {
      const part = sample(parser);
      input =
        input && typeof input === "object" && part && typeof part === "object" ? { ...input, ...part } : part;
    }
    // No free text in this input (or no input at all): a stray NUL field must be refused too.
    if (nulPaths(input).length === 0) {
      input = input && typeof input === "object" ? { ...input, note: `a${NUL}` } : { note: `a${NUL}` };
    }
    return { path, input };
  });
}

async function callerFor(router: AnyRouter, kind: SessionKind) {
  const { token } = await createSession(
    db,
    owner.id,
    kind,
    { ip: "127.0.0.1", userAgent: "vitest", deviceInfo: {} },
    deps.clock.now(),
  );
  const jar = new Map([[sessionCookie(kind, false).name, token]]);
  const ctx = await createApiContext({
    deps,
    kind,
    req: { ip: "127.0.0.1", userAgent: "vitest" },
    cookies: {
      get: (name) => jar.get(name),
      set: (name, value) => void jar.set(name, value),
      clear: (name) => void jar.delete(name),
    },
  });
  return createCallerFactory(router)(ctx);
}

async function outcome(caller: unknown, path: string, input: unknown) {
  let fn: unknown = caller;
  for (const key of path.split(".")) fn = (fn as Record<string, unknown>)[key];
  try {
    await (fn as (input: unknown) => Promise<unknown>)(input);
    return { code: "OK" };
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const cause = err.cause instanceof AppError ? err.cause : null;
    return { code: err.code, fieldErrors: cause?.fieldErrors ?? {}, reason: cause?.reason ?? null };
  }
}

const routers = [
  { name: "appRouter", router: appRouter as AnyRouter, kind: "WEB" as const },
  { name: "adminRouter", router: adminRouter as AnyRouter, kind: "ADMIN" as const },
];

describe.each(routers)("NUL bytes in every input of $name", ({ router, kind }) => {
  const procedures = walk(router);

  it("walks every procedure, with a NUL in each input", () => {
    expect(procedures.length).toBeGreaterThan(kind === "WEB" ? 100 : 15);
    for (const { input } of procedures) expect(nulPaths(input).length).toBeGreaterThan(0);
  });

  it.each(procedures.map((p) => [p.path, p] as const))(
    "%s answers BAD_REQUEST naming the fields, never a 500",
    async (_, { path, input }) => {
      const result = await outcome(await callerFor(router, kind), path, input);
      expect(
        result.code,
        `${path} with ${JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`,
      ).toBe("BAD_REQUEST");
      expect(result.reason).toBe(NUL_REASON);
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(nulPaths(input).sort());
      for (const message of Object.values(result.fieldErrors ?? {})) expect(message).toBe(NUL_FIELD_MESSAGE);
    },
  );
});
