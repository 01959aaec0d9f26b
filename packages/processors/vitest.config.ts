import { nodePreset } from "@quartet/vitest-config/node";

export default nodePreset();
