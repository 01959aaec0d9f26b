// Worker-thread entry of realtime-bench-browsers.ts: a worker doesn't inherit tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("./realtime-bench-browsers.ts");
