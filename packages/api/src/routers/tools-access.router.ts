import { toolsAccessMe } from "@quartet/core/tools/access/tools-access";
import { publicProcedure, router } from "../trpc.ts";
import { toolsCaller } from "./tools-caller.ts";

/** The caller's Tools tier (GUEST / FREE / PREMIUM), limits and today's use. */
export const toolsAccessRouter = router({
  me: publicProcedure.query(({ ctx }) => toolsAccessMe(ctx.deps, toolsCaller(ctx))),
});
