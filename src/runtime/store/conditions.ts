/**
 * The preconditions a write can carry (If-Match, as revisions), and reading the current item back from a
 * failed condition so the caller learns why (missing → 404, stale → 412) without a second read.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Expressions } from "./expressions.js";
import type { RevisionAttributes, StoredItem, TableRow } from "./stored.js";
import { tableLayout } from "./table.js";

/**
 * Which life of an item, at which version. `incarnation` is a random token the item gets when it
 * is created and keeps until it is deleted, so a re-created item never repeats an earlier one's
 * revision (and ETag) even though its version starts at 1 again. Items written before tokens
 * existed have none (`undefined`).
 */
export interface Revision {
  readonly incarnation: string | undefined;
  readonly version: number;
}

export function revisionOf(stored: RevisionAttributes): Revision {
  return { incarnation: stored[tableLayout.incarnationAttribute], version: stored.version };
}

/** The same life at the same version: the one test of whether a tag names the current item. */
export function sameRevision(a: Revision, b: Revision): boolean {
  return a.incarnation === b.incarnation && a.version === b.version;
}

/** Revisions an `If-Match` accepts: a list, or `any` for `If-Match: *`. */
export type RevisionCondition = readonly Revision[] | "any";

/**
 * `(#incarnation = :incarnation AND #version = :version) OR …`, in the write's own condition so a
 * conditional write stays one request; `undefined` when the write is unconditional or `If-Match: *`.
 */
export function revisionCondition(
  expressions: Expressions,
  accepted: RevisionCondition | undefined,
): string | undefined {
  if (accepted === undefined || accepted === "any") return undefined;
  // No acceptable revision (only weak or malformed tags): with the `attribute_exists(PK)` every
  // conditional write carries, this can never hold, so the write fails into a 412.
  if (accepted.length === 0) return `attribute_not_exists(${expressions.name(tableLayout.partitionKey)})`;
  const version = expressions.name("version");
  const incarnation = expressions.name(tableLayout.incarnationAttribute);
  const alternatives = accepted.map((revision) => {
    const sameLife =
      revision.incarnation === undefined
        ? `attribute_not_exists(${incarnation})`
        : `${incarnation} = ${expressions.value("incarnation", revision.incarnation)}`;
    return `${sameLife} AND ${version} = ${expressions.value("version", revision.version)}`;
  });
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.map((a) => `(${a})`).join(" OR ")})`;
}

/** `If-Match` with tags pins a write to a revision; `If-Match: *` only needs the item to exist. */
export function pinsRevision(ifMatch: RevisionCondition | undefined): boolean {
  return ifMatch !== undefined && ifMatch !== "any";
}

export function revisionAccepted(accepted: RevisionCondition | undefined, current: Revision): boolean {
  return (
    accepted === undefined ||
    accepted === "any" ||
    accepted.some((revision) => sameRevision(revision, current))
  );
}

const attributeValueTypes = new Set(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]);

/**
 * The item a failed condition returned (`ReturnValuesOnConditionCheckFailure: ALL_OLD`). The
 * document client leaves it in wire format, so it is unmarshalled here. `Row` is what the
 * condition's key addresses (an entity's item unless told): the table is trusted to hold it.
 */
export function itemFromFailure<Row extends TableRow = StoredItem>(item: unknown): Row | undefined {
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
  return (marshalled ? unmarshall(item as Record<string, any>) : item) as Row;
}

/**
 * A single-item write whose condition failed (`ConditionalCheckFailedException`), with the item
 * it returned if any; `undefined` for any other error.
 */
export function conditionFailure(error: unknown): { readonly item: StoredItem | undefined } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, Item } = error as { name?: unknown; Item?: unknown };
  return name === "ConditionalCheckFailedException" ? { item: itemFromFailure(Item) } : undefined;
}

/** A transaction's cancellation reason that says its item's condition failed. */
export function failedCondition<Reason extends { readonly Code?: string }>(
  reason: Reason | undefined,
): reason is Reason {
  return reason?.Code === "ConditionalCheckFailed";
}
