import { router } from "../trpc.ts";

export const adminOutboxRouter = router({});
