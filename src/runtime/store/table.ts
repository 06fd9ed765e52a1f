/**
 * The single table's layout (DESIGN.md, Data): generic `PK`/`SK`, the sparse `GSI1` for listing
 * every item of an entity, and the TTL attribute. The stack and the local services both create
 * the table from this.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const tableLayout = {
  partitionKey: "PK",
  sortKey: "SK",
  globalIndex: { name: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK" },
  /** Epoch seconds; DynamoDB deletes expired items lazily (within about two days). */
  ttlAttribute: "expiresAt",
  /** An item's incarnation token (see `Revision`): part of its ETag, never shown or writable. */
  incarnationAttribute: "INCARNATION",
} as const;

/** Attributes that exist for the table's sake and never appear in an API response or body. */
export const storageAttributes: readonly string[] = [
  tableLayout.partitionKey,
  tableLayout.sortKey,
  tableLayout.globalIndex.partitionKey,
  tableLayout.globalIndex.sortKey,
  tableLayout.incarnationAttribute,
];

/** The CreateTable input for the app's table (on-demand billing, as the stack deploys it). */
export function createTableInput(
  tableName: string,
): CreateTableCommandInput & { TimeToLiveAttribute: string } {
  const { partitionKey, sortKey, globalIndex } = tableLayout;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: "S" },
      { AttributeName: sortKey, AttributeType: "S" },
      { AttributeName: globalIndex.partitionKey, AttributeType: "S" },
      { AttributeName: globalIndex.sortKey, AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" },
      { AttributeName: sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: globalIndex.name,
        KeySchema: [
          { AttributeName: globalIndex.partitionKey, KeyType: "HASH" },
          { AttributeName: globalIndex.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ],
    TimeToLiveAttribute: tableLayout.ttlAttribute,
  };
}
