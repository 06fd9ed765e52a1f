/**
 * The preconditions a write can carry (If-Match), and reading the current item back from a
 * failed condition so the caller learns why (missing → 404, stale → 412) without a second read.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Expressions } from "./expressions.js";
import type { StoredItem } from "./items.js";
import { tableLayout } from "./table.js";

/** Versions an `If-Match` accepts: a list of versions, or `any` for `If-Match: *`. */
export type VersionCondition = readonly number[] | "any";

/** `#version IN (:v1, …)`; `undefined` when the write is unconditional or `If-Match: *`. */
export function versionCondition(
  expressions: Expressions,
  accepted: VersionCondition | undefined,
): string | undefined {
  if (accepted === undefined || accepted === "any") return undefined;
  // No acceptable version (only weak or malformed tags): with the `attribute_exists(PK)` every
  // conditional write carries, this can never hold, so the write fails into a 412.
  if (accepted.length === 0) return `attribute_not_exists(${expressions.name(tableLayout.partitionKey)})`;
  const name = expressions.name("version");
  const placeholders = accepted.map((version) => expressions.value("version", version));
  return placeholders.length === 1
    ? `${name} = ${placeholders[0]}`
    : `${name} IN (${placeholders.join(", ")})`;
}

/** `If-Match` with tags pins a write to a version; `If-Match: *` only needs the item to exist. */
export function pinsVersion(ifMatch: VersionCondition | undefined): boolean {
  return ifMatch !== undefined && ifMatch !== "any";
}

export function versionAccepted(accepted: VersionCondition | undefined, version: number): boolean {
  return accepted === undefined || accepted === "any" || accepted.includes(version);
}

const attributeValueTypes = new Set(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]);

/**
 * The item a failed condition returned (`ReturnValuesOnConditionCheckFailure: ALL_OLD`). The
 * document client leaves it in wire format, so it is unmarshalled here.
 */
export function itemFromFailure(item: unknown): StoredItem | undefined {
  if (typeof item !== "object" || item === null) return undefined;
  const values = Object.values(item as Record<string, unknown>);
  const marshalled = values.every(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      Object.keys(value).length === 1 &&
      attributeValueTypes.has(Object.keys(value)[0] as string),
  );
  // biome-ignore lint/suspicious/noExplicitAny: wire-format attribute values
  return marshalled ? unmarshall(item as Record<string, any>) : (item as StoredItem);
}
