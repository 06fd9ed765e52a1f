/**
 * The store's one retry policy, for contention the SDK does not retry: a transaction cancelled
 * only by another transaction, an item that changed between a read and the write built from it,
 * a batch that left items unprocessed. Up to `retryPolicy.attempts` attempts, waiting before each
 * new one a random time (full jitter) up to `baseDelayMs · 2^n`, capped at `maxDelayMs`, so
 * writers that collided do not collide again in step. When no attempt succeeds the store is
 * reported unavailable (a 503 with Retry-After), never as a precondition the client did not set.
 */
import { StoreUnavailableError } from "./errors.js";

export const retryPolicy = { attempts: 8, baseDelayMs: 10, maxDelayMs: 100 } as const;

/** What an attempt returns to be tried again: why, and the Retry-After to send if none succeeds. */
export class TryAgain {
  constructor(
    readonly cause: unknown,
    readonly retryAfterSeconds = 1,
  ) {}
}

/** The wait before attempt `attempt + 1`, in milliseconds. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** attempt);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` (given its number, from 1) until it returns something other than `TryAgain`. */
export async function withRetry<T>(attempt: (attempt: number) => Promise<T | TryAgain>): Promise<T> {
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (!(result instanceof TryAgain)) return result;
    if (n >= retryPolicy.attempts) throw new StoreUnavailableError(result.retryAfterSeconds, result.cause);
    await sleep(backoffMs(n));
  }
}
