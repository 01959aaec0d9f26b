// Enums and model types for code (and SPAs) that must not load the Prisma runtime.
export * from "./generated/prisma/enums.ts";
