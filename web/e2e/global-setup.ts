/**
 * Starts the local cloud the way `make dev` does (demo users and catalog seeded, the built app served)
 * on free ports, and waits until the demo catalog is listed. E2E_BASE_URL reuses a running `make dev`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 15 * 60_000; // the seed lists products through Step Functions on a busy machine

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? done(address.port) : fail(new Error("no port")),
      );
    });
  });
}

export default async function globalSetup() {
  if (process.env.E2E_BASE_URL) return;
  const [port, awsPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const stateDir = mkdtempSync(join(tmpdir(), "estore-web-e2e-"));
  const logPath = join(stateDir, "local-cloud.log");
  const log = openSync(logPath, "w");
  const python = process.env.PYTHON ?? join(ROOT, ".venv", "bin", "python");
  const cloud = spawn(
    python,
    [
      "-m",
      "estore_local",
      "dev",
      "--port",
      `${port}`,
      "--aws-port",
      `${awsPort}`,
      "--web-port",
      `${webPort}`,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PYTHONPATH: [join(ROOT, "layers/estore"), join(ROOT, "local")].join(":"),
        ESTORE_LOCAL_STATE_DIR: stateDir,
        ESTORE_LOCAL_NO_SEED: "",
      },
      stdio: ["ignore", log, log],
      detached: true,
    },
  );
  process.env.E2E_CLOUD_PID = String(cloud.pid); // read by global-teardown (same runner process)
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const text = readFileSync(logPath, "utf8");
    if (
      /Demo catalog could not be created|demo users could not be created/.test(text) ||
      cloud.exitCode !== null
    )
      throw new Error(`The local cloud could not seed the demo store; see ${logPath}`);
    if (/products, .*ready in \d+s/.test(text) || /ready in \d+s/.test(text)) break;
    if (Date.now() > deadline) throw new Error(`The demo store was not ready in time; see ${logPath}`);
    await new Promise((done) => setTimeout(done, 1000));
  }
  process.env.E2E_BASE_URL = `http://127.0.0.1:${webPort}`;
  process.env.E2E_API_URL = `http://127.0.0.1:${port}`;
  process.env.E2E_CLOUD_LOG = logPath;
}
