import { createDb } from "@quartet/db/client";
import type { PublishProvider } from "@quartet/integrations/social/publish";
import { systemClock } from "../../deps.ts";
import { testConfig } from "../../testing/deps.ts";
import { defaultPublishProviders } from "../channels/publish-providers.ts";
import { handlePublishPost } from "./publish.handler.ts";

// Test helper process (publish-crash.int.test.ts): one publish.post attempt that the sandbox
// answers, then the process hangs before writing PUBLISHED until the test kills it with SIGKILL.
// Usage: tsx publish-crash.child.ts <database url> <publication id>

const [url, publicationId] = process.argv.slice(2) as [string, string];
const db = createDb(url, { max: 2 });
const inner = defaultPublishProviders({ db, config: testConfig }).get("sandbox") as PublishProvider;
const hanging: PublishProvider = {
  ...inner,
  async publish(credentials, request) {
    const result = await inner.publish(credentials, request);
    process.stdout.write(`POSTED ${result.releaseId}\n`);
    await new Promise(() => {});
    return result;
  },
};
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await handlePublishPost(
  {
    db,
    boss: { send: async () => null } as never,
    clock: systemClock,
    log: silent,
    config: testConfig,
    publishers: { get: () => hanging },
  },
  { publicationId },
  { id: "child", retryCount: 0 },
);
