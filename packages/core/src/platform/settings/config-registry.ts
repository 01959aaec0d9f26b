import { z } from "zod";

// Every runtime setting the platform knows: its type, category, default and who may read it.
// A key outside this table can't be written; a row whose key left the table is shown read-only.

export type ConfigValueType = "string" | "number" | "boolean" | "json";
export const configCategories = ["features", "limits", "pricing", "ui", "seo", "admin"] as const;
export type ConfigCategory = (typeof configCategories)[number];

interface ConfigEntry<S extends z.ZodType> {
  category: ConfigCategory;
  type: ConfigValueType;
  schema: S;
  default: z.output<S>;
  /** Served to the SPAs without sign-in (`platform.publicConfig`). */
  isPublic: boolean;
  /** Masked in admin lists and audits (an API key, a secret). */
  isSensitive: boolean;
  description: string;
}

const entry = <S extends z.ZodType>(e: ConfigEntry<S>) => e;

export const configRegistry = {
  "ui.maintenance_banner": entry({
    category: "ui",
    type: "string",
    schema: z.string().trim().max(300),
    default: "",
    isPublic: true,
    isSensitive: false,
    description: "Banner shown at the top of the customer app (empty: no banner).",
  }),
  "auth.signup_enabled": entry({
    category: "features",
    type: "boolean",
    schema: z.boolean(),
    default: true,
    isPublic: true,
    isSensitive: false,
    description: "Whether new people can create an account.",
  }),
  "help.search_rate_limit_per_minute": entry({
    category: "limits",
    type: "number",
    schema: z.number().int().min(1).max(10_000),
    default: 60,
    isPublic: false,
    isSensitive: false,
    description: "Help-center searches allowed per client address and minute.",
  }),
  "support.contact_email": entry({
    category: "admin",
    type: "string",
    schema: z.union([z.literal(""), z.email()]),
    default: "",
    isPublic: true,
    isSensitive: false,
    description: "Address shown to customers who need the platform's support.",
  }),
  "pricing.display_currencies": entry({
    category: "pricing",
    type: "json",
    schema: z
      .array(z.enum(["USD", "EUR", "GBP"]))
      .min(1)
      .max(3)
      .refine((list) => new Set(list).size === list.length, "Each currency once."),
    default: ["USD", "EUR"],
    isPublic: true,
    isSensitive: false,
    description: "Currencies the pricing page offers, first one by default.",
  }),
  "seo.indexnow_key": entry({
    category: "seo",
    type: "string",
    schema: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{0,128}$/, "Letters, digits and dashes, up to 128."),
    default: "",
    isPublic: false,
    isSensitive: true,
    description: "IndexNow key submitted with sitemap pings.",
  }),
} as const;

export type ConfigKey = keyof typeof configRegistry;
export type ConfigValue<K extends ConfigKey> = z.output<(typeof configRegistry)[K]["schema"]>;
export const configKeys = Object.keys(configRegistry) as ConfigKey[];

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(configRegistry, key);
}

export const publicConfigKeys = configKeys.filter((k) => configRegistry[k].isPublic);

/** The public subset the SPAs read at boot. */
export interface PublicConfig {
  "ui.maintenance_banner": ConfigValue<"ui.maintenance_banner">;
  "auth.signup_enabled": ConfigValue<"auth.signup_enabled">;
  "support.contact_email": ConfigValue<"support.contact_email">;
  "pricing.display_currencies": ConfigValue<"pricing.display_currencies">;
}

/**
 * A stored value read back through its key's schema: a row an older version wrote, or one edited by
 * hand in SQL, falls back to the default instead of handing the app a value of the wrong type.
 */
export function readStoredValue<K extends ConfigKey>(key: K, stored: unknown): ConfigValue<K> {
  const parsed = configRegistry[key].schema.safeParse(stored);
  return (parsed.success ? parsed.data : configRegistry[key].default) as ConfigValue<K>;
}

export const MASK = "••••••••";
