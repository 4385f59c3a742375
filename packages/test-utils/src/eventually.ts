/**
 * Runs `check` (a set of assertions) until it passes, for what a scheduler, another replica or
 * a background task does meanwhile; after `timeoutMs` it fails with the assertion's own last
 * error, so the failure says what was still wrong.
 */
export async function eventually(
  check: () => void | Promise<void>,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  }
}
