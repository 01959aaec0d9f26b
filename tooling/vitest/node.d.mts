import type { UserConfig } from "vitest/config";

export function nodePreset(options?: { database?: boolean }): UserConfig;
