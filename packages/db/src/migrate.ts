import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Applies the committed migrations with `prisma migrate deploy` (the same command production runs). */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const prismaBin = fileURLToPath(new URL("../node_modules/prisma/build/index.js", import.meta.url));
  try {
    await run(process.execPath, [prismaBin, "migrate", "deploy"], {
      cwd: packageDir,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}
