/**
 * List: one `Query`, newest first. A `partition` entity is read from its parent's partition by
 * sort-key prefix; a `global` entity from the sparse index `GSI1`. Pages continue through an
 * authenticated cursor bound to the caller and the query.
 */
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AnyEntity, DynamoDbCommand } from "../../../model/index.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { InvalidCursorError } from "../errors.js";
import { Expressions } from "../expressions.js";
import { globalListPartition, type Ids, toPublicItem } from "../items.js";
import { send } from "../send.js";
import type { Store } from "../store.js";
import type { StoredItem } from "../stored.js";
import { tableLayout } from "../table.js";

/**
 * The DynamoDB commands this operation may send: one `Query`, on the table or on `GSI1`. The model
 * grants each function the IAM actions for these (`storeOperationCommands`; commands.test.ts holds the
 * two lists equal).
 */
export const commands = ["Query"] as const satisfies readonly DynamoDbCommand[];

export interface ListInput {
  /** Ids of the ancestors, from the path. */
  readonly parentIds: Ids;
  readonly limit: number;
  /** Field → value equality filters (`{ done: true }`), applied after the page is read. */
  readonly filters: Readonly<Record<string, unknown>>;
  readonly cursor?: string;
  /** Who is asking: the cursor is only valid for the same caller. */
  readonly caller: string;
}

export interface Page {
  readonly items: Record<string, unknown>[];
  readonly nextCursor: string | null;
}

/** What a cursor is bound to: the caller, the entity, its partition and the filters. */
export function cursorBinding(entity: AnyEntity, input: ListInput): string {
  return JSON.stringify([input.caller, entity.name, input.parentIds, input.filters]);
}

/** The exact Query a list sends, without its start key. */
export function buildList(tableName: string, entity: AnyEntity, input: ListInput): QueryCommandInput {
  const expressions = new Expressions();
  let keyCondition: string;
  let query: QueryCommandInput;
  if (entity.listing === "global") {
    keyCondition = `${expressions.name(tableLayout.globalIndex.partitionKey)} = ${expressions.value("type", globalListPartition(entity))}`;
    query = { TableName: tableName, IndexName: tableLayout.globalIndex.name };
  } else {
    const parent = entity.parent;
    const partition = parent === undefined ? entity.keys.pk.prefix : parent.keys.pk.render(input.parentIds);
    keyCondition =
      `${expressions.name(tableLayout.partitionKey)} = ${expressions.value("pk", partition)}` +
      ` AND begins_with(${expressions.name(tableLayout.sortKey)}, ${expressions.value("prefix", entity.keys.sk.prefix)})`;
    query = { TableName: tableName, ConsistentRead: true };
  }
  const filters = Object.entries(input.filters).map(
    ([field, value]) => `${expressions.name(field)} = ${expressions.value(field, value)}`,
  );
  return {
    ...query,
    KeyConditionExpression: keyCondition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(" AND ") } : {}),
    ...expressions.attributes(),
    ScanIndexForward: false,
    // One more than the page: when it comes back, there is a next page and the cursor starts
    // after the page's last item; when it does not, the page is the last one (no empty last page).
    Limit: input.limit + 1,
  };
}

/** The start key must address the same partition as the query, even with a valid signature. */
function checkStartKey(query: QueryCommandInput, key: Record<string, unknown>): void {
  const values = query.ExpressionAttributeValues ?? {};
  const partition = query.IndexName === undefined ? values[":pk"] : values[":type"];
  const keyAttribute =
    query.IndexName === undefined ? tableLayout.partitionKey : tableLayout.globalIndex.partitionKey;
  if (key[keyAttribute] !== partition)
    throw new InvalidCursorError("The cursor is not valid for this query.");
}

export async function listItems(store: Store, entity: AnyEntity, input: ListInput): Promise<Page> {
  const query = buildList(store.tableName, entity, input);
  const binding = cursorBinding(entity, input);
  const cursorSecret = await store.cursorSecret();
  if (input.cursor !== undefined) {
    const startKey = decodeCursor(cursorSecret, binding, input.cursor);
    checkStartKey(query, startKey);
    query.ExclusiveStartKey = startKey;
  }
  const output = await send<{ Items?: StoredItem[]; LastEvaluatedKey?: Record<string, unknown> }>(
    store,
    new QueryCommand(query),
  );
  const stored = output.Items ?? [];
  // Without the extra item, DynamoDB's own LastEvaluatedKey says whether more may follow (its
  // 1 MB page cap, or a filter that consumed the Limit); with it, the page ends at its last item.
  let startKey = output.LastEvaluatedKey;
  if (stored.length > input.limit) {
    stored.length = input.limit;
    startKey = keyOf(stored.at(-1) as StoredItem, query.IndexName !== undefined);
  }
  return {
    items: stored.map((item) => toPublicItem(entity, item)),
    nextCursor: startKey === undefined ? null : encodeCursor(cursorSecret, binding, startKey),
  };
}

/** The key DynamoDB would return as `LastEvaluatedKey` after `item` (an index adds its own key). */
function keyOf(item: StoredItem, onIndex: boolean): Record<string, unknown> {
  const attributes: string[] = [tableLayout.partitionKey, tableLayout.sortKey];
  if (onIndex) attributes.push(tableLayout.globalIndex.partitionKey, tableLayout.globalIndex.sortKey);
  return Object.fromEntries(attributes.map((attribute) => [attribute, item[attribute]]));
}
