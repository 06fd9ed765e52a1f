/**
 * Lambda entry for `POST /counters/{counterId}/increment`: a custom route, this app's own code. One
 * UpdateItem adds `by` to the count and, like every write of the store, moves the item's version and
 * `updatedAt` on, so ETags the client holds go stale; a counter that does not exist is a 404.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type CustomHandler,
  customRoute,
  itemKey,
  jsonResponse,
  NotFoundProblem,
  tableLayout,
} from "portico/runtime";
import type * as z from "zod";
import { app, counters, type incrementBody } from "../portico.config.js";

export const increment: CustomHandler<z.infer<typeof incrementBody>> = async ({ body, params, store }) => {
  try {
    const { Attributes } = await store.client.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: itemKey(counters, params),
        UpdateExpression: "ADD #count :by, #version :one SET #updatedAt = :now",
        ConditionExpression: "attribute_exists(#pk)",
        ExpressionAttributeNames: {
          "#count": "count",
          "#version": "version",
          "#updatedAt": "updatedAt",
          "#pk": tableLayout.partitionKey,
        },
        ExpressionAttributeValues: { ":by": body.by, ":one": 1, ":now": store.now().toISOString() },
        ReturnValues: "ALL_NEW",
      }),
    );
    return jsonResponse(200, { counterId: params.counterId, count: Attributes?.count });
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") {
      throw new NotFoundProblem("The counter does not exist.");
    }
    throw error;
  }
};

export const handler = customRoute(app, "POST /counters/{counterId}/increment", increment);
