/**
 * Entry of the isolated process that runs one processor job (or one PDF inspection) for
 * runProcessor / inspectFile, then exits. Forked from source under tsx, or as the bundled
 * `processor-child.js` beside a server's bundle (see run.ts).
 */
import type { ChildMessage, ChildTask } from "./child-protocol.ts";
import { errorMessage, executeTask } from "./execute.ts";
import { tuneForChild } from "./libs.ts";

tuneForChild();

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

// A parent that is gone (crashed, killed) leaves nobody to read the result: stop at once.
process.once("disconnect", () => process.exit(1));

process.once("message", (task: ChildTask) => {
  executeTask(task, (percent) => void send({ type: "progress", percent }))
    .catch(errorMessage)
    .then(send)
    .finally(() => process.exit(0));
});
