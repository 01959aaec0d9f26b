// Model types and the Prisma namespace, for code that needs types or Prisma.* helpers.
export type * from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";
