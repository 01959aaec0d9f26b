import { fileURLToPath } from "node:url";
import { appRouter } from "@quartet/api/app-router";
import { startAppServer } from "@quartet/http/start";

await startAppServer({
  kind: "WEB",
  router: appRouter,
  staticDir: fileURLToPath(new URL("../dist", import.meta.url)),
});
