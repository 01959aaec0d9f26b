import { router } from "../trpc.ts";

export const adminAuditRouter = router({});
