import { z } from "zod";

export const orgApiKeyInput = z.object({ orgId: z.uuid() });
export type OrgApiKeyInput = z.infer<typeof orgApiKeyInput>;

export type OrgApiKeyStatus = { hasKey: boolean };
/** Returned once by rotate: the clear key is never stored, so it can't be shown again. */
export type NewOrgApiKey = { key: string };

/** Prefix lets people (and secret scanners) recognise a Quartet workspace key. */
export const API_KEY_PREFIX = "qk_";
