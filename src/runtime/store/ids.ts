/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds then randomness, so ids sort by creation time and
 * a partition Query with `ScanIndexForward: false` is newest first. Within one millisecond a
 * counter in `rand_a` keeps one generator's ids strictly increasing (RFC 9562 §6.2, method 1).
 *
 * The ordering state lives in each generator, never in the module: each store makes its own, so
 * one caller's clock (a test's fixed "now") never bends another's ids.
 */
import { randomBytes } from "node:crypto";

/** Makes the next id; `now` (Unix milliseconds) defaults to the system clock. */
export type IdGenerator = (now?: number) => string;

export function createIdGenerator(): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  return (now = Date.now()) => {
    if (now <= lastMs) {
      counter++;
      if (counter > 0xfff) {
        // The counter is spent: borrow the next millisecond rather than lose ordering.
        lastMs++;
        counter = 0;
      }
    } else {
      lastMs = now;
      counter = 0;
    }
    return formatUuidv7(lastMs, counter);
  };
}

function formatUuidv7(ms: number, counter: number): string {
  const bytes = randomBytes(16);
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A fresh incarnation token (72 random bits, base64url): see `Revision` in `conditions.ts`. */
export function newIncarnation(): string {
  return randomBytes(9).toString("base64url");
}
