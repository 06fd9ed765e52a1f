/**
 * Unique values are claim items in the same table (`UNIQUE#ACCOUNT#HANDLE#ada` /
 * `UNIQUE#ACCOUNT#HANDLE`, see `uniqueClaimKey`), taken and released in the same transaction as
 * the item that holds them. A claim names its holder, so it is only ever released by that holder.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AnyEntity } from "../../model/index.js";
import { Expressions } from "./expressions.js";
import { uniqueClaimKey } from "./items.js";
import { tableLayout } from "./table.js";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** One unique value of one entity's field, held by the item `holder` names (`claimHolder`). */
export interface Claim {
  readonly entity: AnyEntity;
  readonly field: string;
  readonly value: string;
  readonly holder: string;
}

/** A Put that succeeds only if nobody holds the value yet. */
export function takeClaim(tableName: string, { entity, field, value, holder }: Claim): TransactItem {
  const expressions = new Expressions();
  return {
    Put: {
      TableName: tableName,
      Item: { ...uniqueClaimKey(entity, field, value), claimedBy: holder },
      ConditionExpression: `attribute_not_exists(${expressions.name(tableLayout.partitionKey)})`,
      ...expressions.attributes(),
    },
  };
}

/** A Delete that succeeds only for the claim's holder. */
export function releaseClaim(tableName: string, { entity, field, value, holder }: Claim): TransactItem {
  const expressions = new Expressions();
  return {
    Delete: {
      TableName: tableName,
      Key: uniqueClaimKey(entity, field, value),
      ConditionExpression: `${expressions.name("claimedBy")} = ${expressions.value("holder", holder)}`,
      ...expressions.attributes(),
    },
  };
}
