/**
 * List: newest first, from the listing partitions of the entity, each read with one `Query`. A
 * `partition` entity is read from its parent's partition by sort-key prefix (one partition, strongly
 * consistent); a `global` entity from its shards in the sparse index `GSI1`, queried in parallel and
 * merged in order; a `?field=value` filter from that field's index (`GSI2`…), the same way. No
 * FilterExpression: every item read is an item returned, or the one that says a next page exists.
 * Pages continue through one authenticated cursor holding each partition's position.
 */
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import {
  type AnyEntity,
  type DynamoDbCommand,
  filterIndexOf,
  type IndexLayout,
} from "../../../model/index.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { InvalidCursorError } from "../errors.js";
import { hasExpired } from "../expiry.js";
import { Expressions } from "../expressions.js";
import { filterPartition, filterValueKey, listingPartitions } from "../index-keys.js";
import { type Ids, toPublicItem } from "../items.js";
import { send } from "../send.js";
import type { Store } from "../store.js";
import type { StoredItem } from "../stored.js";
import { tableLayout } from "../table.js";

/**
 * The DynamoDB commands this operation may send: `Query`, on the table, on `GSI1` or on a filter's
 * index. The model grants each function the IAM actions for these (`storeOperationCommands`;
 * commands.test.ts holds the two lists equal).
 */
export const commands = ["Query"] as const satisfies readonly DynamoDbCommand[];

/** One `?field=value` equality filter, its value already of the field's kind. */
export interface ListFilter {
  readonly field: string;
  readonly value: string | number | boolean;
}

export interface ListInput {
  /** Ids of the ancestors, from the path. */
  readonly parentIds: Ids;
  readonly limit: number;
  /** At most one filter, served by the field's index. */
  readonly filter?: ListFilter;
  readonly cursor?: string;
  /** Who is asking: the cursor is only valid for the same caller. */
  readonly caller: string;
}

export interface Page {
  readonly items: Record<string, unknown>[];
  readonly nextCursor: string | null;
}

/** What a cursor is bound to: the caller, the entity, its partition and the filter. */
export function cursorBinding(entity: AnyEntity, input: ListInput): string {
  return JSON.stringify([input.caller, entity.name, input.parentIds, input.filter ?? null]);
}

/** Where a list reads: which index (none: the table), its key attributes, and each partition. */
interface ListPlan {
  readonly index: IndexLayout | undefined;
  readonly partitionKey: string;
  /** The attribute the partitions are ordered by, newest last (so read backwards). */
  readonly sortKey: string;
  readonly partitions: readonly string[];
  /** The table's own partition also holds other entities' items: only keys with this prefix. */
  readonly sortKeyPrefix: string | undefined;
}

function listPlan(entity: AnyEntity, input: ListInput): ListPlan {
  const listing = listingPartitions(entity, input.parentIds);
  if (input.filter !== undefined) {
    const index = filterIndexOf(entity, input.filter.field);
    const valueKey = filterValueKey(input.filter.value) as string;
    return {
      index,
      partitionKey: index.partitionKey,
      sortKey: index.sortKey,
      partitions: listing.map((partition) =>
        filterPartition(entity, partition, input.filter?.field ?? "", valueKey),
      ),
      sortKeyPrefix: undefined,
    };
  }
  if (entity.listing === "global") {
    const index = tableLayout.globalIndex;
    return {
      index,
      partitionKey: index.partitionKey,
      sortKey: index.sortKey,
      partitions: listing,
      sortKeyPrefix: undefined,
    };
  }
  return {
    index: undefined,
    partitionKey: tableLayout.partitionKey,
    sortKey: tableLayout.sortKey,
    partitions: listing,
    sortKeyPrefix: entity.keys.sk.scopePrefix(input.parentIds),
  };
}

/** The exact Query a list sends to one of its partitions, without its start key. */
function buildQuery(tableName: string, plan: ListPlan, partition: string, limit: number): QueryCommandInput {
  const expressions = new Expressions();
  let keyCondition = `${expressions.name(plan.partitionKey)} = ${expressions.value("pk", partition)}`;
  if (plan.sortKeyPrefix !== undefined) {
    keyCondition += ` AND begins_with(${expressions.name(plan.sortKey)}, ${expressions.value("prefix", plan.sortKeyPrefix)})`;
  }
  return {
    TableName: tableName,
    // An index answers eventually consistent reads only; the table's own partition, strongly.
    ...(plan.index === undefined ? { ConsistentRead: true } : { IndexName: plan.index.name }),
    KeyConditionExpression: keyCondition,
    ...expressions.attributes(),
    ScanIndexForward: false,
    // One more than the page: when it comes back, there is a next page and the cursor starts
    // after the page's last item; when it does not, the page is the last one (no empty last page).
    Limit: limit + 1,
  };
}

/** The exact Queries a list sends, one per partition it reads, without their start keys. */
export function buildList(tableName: string, entity: AnyEntity, input: ListInput): QueryCommandInput[] {
  const plan = listPlan(entity, input);
  return plan.partitions.map((partition) => buildQuery(tableName, plan, partition, input.limit));
}

/**
 * Each partition's position: `{}` to read from its start, a key to read after, `null` when it has
 * nothing more. A cursor carries these, in the plan's partition order.
 */
type Position = Record<string, unknown> | null;

function positionsOf(plan: ListPlan, cursor: Record<string, unknown>): Position[] {
  const positions = cursor.positions;
  if (!Array.isArray(positions) || positions.length !== plan.partitions.length) {
    throw new InvalidCursorError("The cursor is not valid for this query.");
  }
  return positions.map((position: unknown, at) => {
    if (position === null) return null;
    if (typeof position !== "object" || Array.isArray(position)) {
      throw new InvalidCursorError("The cursor is malformed.");
    }
    const key = position as Record<string, unknown>;
    // Even with a valid seal, a start key must address its own partition.
    if (Object.keys(key).length > 0 && key[plan.partitionKey] !== plan.partitions[at]) {
      throw new InvalidCursorError("The cursor is not valid for this query.");
    }
    return key;
  });
}

/** DynamoDB orders string sort keys by their UTF-8 bytes. */
function newerFirst(a: string, b: string): number {
  return Buffer.compare(Buffer.from(b, "utf8"), Buffer.from(a, "utf8"));
}

/** What one partition's Query gave: its unexpired items, newest first, and whether more may follow. */
interface PartitionRead {
  readonly items: StoredItem[];
  readonly lastEvaluatedKey: Record<string, unknown> | undefined;
}

async function readPartition(
  store: Store,
  query: QueryCommandInput,
  position: Record<string, unknown>,
  now: Date,
): Promise<PartitionRead> {
  const output = await send<{ Items?: StoredItem[]; LastEvaluatedKey?: Record<string, unknown> }>(
    store,
    new QueryCommand(Object.keys(position).length > 0 ? { ...query, ExclusiveStartKey: position } : query),
  );
  const items = output.Items ?? [];
  // Newest first with one lifetime per entity: the first expired item is followed by older ones only.
  const firstExpired = items.findIndex((item) => hasExpired(item, now));
  if (firstExpired !== -1) return { items: items.slice(0, firstExpired), lastEvaluatedKey: undefined };
  return { items, lastEvaluatedKey: output.LastEvaluatedKey };
}

export async function listItems(store: Store, entity: AnyEntity, input: ListInput): Promise<Page> {
  const plan = listPlan(entity, input);
  const binding = cursorBinding(entity, input);
  const cursorSecret = await store.cursorSecret();
  const positions: Position[] =
    input.cursor === undefined
      ? plan.partitions.map(() => ({}))
      : positionsOf(plan, decodeCursor(cursorSecret, binding, input.cursor));
  const now = store.now();
  const reads = await Promise.all(
    plan.partitions.map((partition, at) => {
      const position = positions[at];
      if (position === null || position === undefined) return undefined;
      return readPartition(store, buildQuery(store.tableName, plan, partition, input.limit), position, now);
    }),
  );

  // A partition cut short by DynamoDB's 1 MB page may hold items newer than the others' last ones:
  // the page stops at the oldest item that is certain to come before everything unread.
  let frontier: string | undefined;
  for (const read of reads) {
    const last = read?.items.at(-1);
    if (read?.lastEvaluatedKey === undefined || last === undefined) continue;
    const sortValue = String(last[plan.sortKey]);
    if (frontier === undefined || newerFirst(sortValue, frontier) > 0) frontier = sortValue;
  }
  const merged = reads
    .flatMap((read, at) =>
      (read?.items ?? []).map((item) => ({ item, at, sortValue: String(item[plan.sortKey]) })),
    )
    .sort((a, b) => newerFirst(a.sortValue, b.sortValue));
  const page = merged
    .filter(({ sortValue }) => frontier === undefined || newerFirst(sortValue, frontier) <= 0)
    .slice(0, input.limit);

  const next: Position[] = positions.map((position, at) => {
    const read = reads[at];
    if (read === undefined) return position ?? null;
    const taken = page.filter((entry) => entry.at === at);
    if (taken.length === read.items.length) return read.lastEvaluatedKey ?? null;
    const lastTaken = taken.at(-1);
    return lastTaken === undefined ? (position ?? {}) : keyOf(lastTaken.item, plan);
  });
  return {
    items: page.map(({ item }) => toPublicItem(entity, item)),
    nextCursor: next.every((position) => position === null)
      ? null
      : encodeCursor(cursorSecret, binding, { positions: next }),
  };
}

/** The key DynamoDB would return as `LastEvaluatedKey` after `item` (an index adds its own key). */
function keyOf(item: StoredItem, plan: ListPlan): Record<string, unknown> {
  const attributes: string[] = [tableLayout.partitionKey, tableLayout.sortKey];
  if (plan.index !== undefined) attributes.push(plan.index.partitionKey, plan.index.sortKey);
  return Object.fromEntries(attributes.map((attribute) => [attribute, item[attribute]]));
}
