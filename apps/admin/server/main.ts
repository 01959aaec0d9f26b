import { fileURLToPath } from "node:url";
import { adminRouter } from "@quartet/api/admin-router";
import { startAppServer } from "@quartet/http/start";

await startAppServer({
  kind: "ADMIN",
  router: adminRouter,
  staticDir: fileURLToPath(new URL("../dist", import.meta.url)),
});
