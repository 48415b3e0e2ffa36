/** Stops the local cloud global-setup started (a reused `make dev`, E2E_BASE_URL, is left running). */
export default async function globalTeardown() {
  const pid = Number(process.env.E2E_CLOUD_PID);
  if (!pid) return;
  try {
    process.kill(-pid, "SIGINT"); // its process group: the function workers stop with it
  } catch {
    // already gone
  }
}
