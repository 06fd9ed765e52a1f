/**
 * Expiring items (an entity's `ttl`, idempotency records): DynamoDB's TTL deletes an item lazily,
 * within about two days of its `expiresAt` (DynamoDB Local never does), so the store treats an
 * item past its expiry as gone, reading it as DynamoDB will eventually have it.
 */
import type { Expressions } from "./expressions.js";
import { tableLayout } from "./table.js";

/** A time as DynamoDB's TTL reads it: whole seconds since the epoch. */
export function epochSeconds(time: Date): number {
  return Math.floor(time.getTime() / 1000);
}

/** Whether a stored row's TTL has passed at `now`; rows without one never expire. */
export function hasExpired(row: Readonly<Record<string, unknown>>, now: Date): boolean {
  const expiresAt = row[tableLayout.ttlAttribute];
  return typeof expiresAt === "number" && expiresAt <= epochSeconds(now);
}

/** A condition that holds for a row not yet expired at `now` (or without a TTL). */
export function notExpired(expressions: Expressions, now: Date): string {
  const expiresAt = expressions.name(tableLayout.ttlAttribute);
  return `(attribute_not_exists(${expiresAt}) OR ${expiresAt} > ${expressions.value("now", epochSeconds(now))})`;
}
