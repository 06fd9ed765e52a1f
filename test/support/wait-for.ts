/** Polls a check of a process the test started until it holds, or fails saying what never happened. */
export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  options: { readonly timeoutMs?: number; readonly output?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    // A check that throws (the server not listening yet) has not held yet.
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}. Output so far:\n${options.output?.() ?? "(none)"}`);
}
