/**
 * The single table as DynamoDB's CreateTable input, from its description in the model
 * (`describeTable`: keys, indexes, TTL), and the attributes that exist for the table's sake.
 * The local services create the table from this; the stack reads the same description.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { describeTable, tableIndexes, tableLayout } from "../../model/describe/table.js";

export { tableLayout };

/** Attributes that exist for the table's sake and never appear in an API response or body. */
export const storageAttributes: readonly string[] = [
  tableLayout.partitionKey,
  tableLayout.sortKey,
  ...tableIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  tableLayout.incarnationAttribute,
  tableLayout.ttlAttribute,
  tableLayout.fileKeysAttribute,
];

/** The CreateTable input for the app's table (on-demand billing, as the stack deploys it). */
export function createTableInput(
  tableName: string,
): CreateTableCommandInput & { TimeToLiveAttribute: string } {
  const { partitionKey, sortKey, indexes, ttlAttribute, billing } = describeTable({ name: tableName });
  const keySchema = (hash: string, range: string) => [
    { AttributeName: hash, KeyType: "HASH" as const },
    { AttributeName: range, KeyType: "RANGE" as const },
  ];
  const keyAttributes = [
    partitionKey,
    sortKey,
    ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: billing,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
    KeySchema: keySchema(partitionKey, sortKey),
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: index.projection },
    })),
    TimeToLiveAttribute: ttlAttribute,
  };
}
