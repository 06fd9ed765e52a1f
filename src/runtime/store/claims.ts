/**
 * Unique values are claim items in the same table (`USERNAME#alice` / `USERNAME`), taken and
 * released in the same transaction as the item that holds them. A claim names its holder, so it
 * is only ever released by that holder.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { Expressions } from "./expressions.js";
import { uniqueClaimKey } from "./items.js";
import { tableLayout } from "./table.js";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** A Put that succeeds only if nobody holds the value yet. */
export function takeClaim(tableName: string, field: string, value: string, holder: string): TransactItem {
  const expressions = new Expressions();
  return {
    Put: {
      TableName: tableName,
      Item: { ...uniqueClaimKey(field, value), claimedBy: holder },
      ConditionExpression: `attribute_not_exists(${expressions.name(tableLayout.partitionKey)})`,
      ...expressions.attributes(),
    },
  };
}

/** A Delete that succeeds only for the claim's holder. */
export function releaseClaim(tableName: string, field: string, value: string, holder: string): TransactItem {
  const expressions = new Expressions();
  return {
    Delete: {
      TableName: tableName,
      Key: uniqueClaimKey(field, value),
      ConditionExpression: `${expressions.name("claimedBy")} = ${expressions.value("holder", holder)}`,
      ...expressions.attributes(),
    },
  };
}
