import { router } from "../trpc.ts";

export const meRouter = router({});
