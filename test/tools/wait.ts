// Polling helpers shared by the tests: one definition of "wait until this holds".

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls a synchronous check until it holds; `what` names it in the timeout error. */
export async function waitFor(
  check: () => boolean,
  timeoutMs = 15_000,
  stepMs = 50,
  what: string | (() => string) = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`waitFor: timed out (${typeof what === 'function' ? what() : what})`);
    await sleep(stepMs);
  }
}

/** Polls an async probe until it yields a truthy value, and returns that value. */
export async function waitForValue<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  stepMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(stepMs);
  }
}
