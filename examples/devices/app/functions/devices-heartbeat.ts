/**
 * Lambda entry for `POST /devices/{deviceId}/heartbeat`: this app's own code. One UpdateItem sets
 * `lastSeenAt` and `firmwareVersion` and, like every write of the store, moves the version and
 * `updatedAt` on, so ETags held from before go stale; an unknown device is a 404.
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
import type * as z from "zod/mini";
import { devices } from "../entities/devices.js";
import { app } from "../portico.config.js";
import type { heartbeatBody } from "../routes/heartbeat.js";

export const heartbeat: CustomHandler<z.infer<typeof heartbeatBody>> = async ({ body, params, store }) => {
  const now = store.now().toISOString();
  try {
    await store.client.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: itemKey(devices, params),
        UpdateExpression:
          "SET #lastSeenAt = :now, #firmwareVersion = :firmware, #updatedAt = :now ADD #version :one",
        ConditionExpression: "attribute_exists(#pk)",
        ExpressionAttributeNames: {
          "#lastSeenAt": "lastSeenAt",
          "#firmwareVersion": "firmwareVersion",
          "#updatedAt": "updatedAt",
          "#version": "version",
          "#pk": tableLayout.partitionKey,
        },
        ExpressionAttributeValues: { ":now": now, ":firmware": body.firmwareVersion, ":one": 1 },
      }),
    );
    return jsonResponse(200, {
      deviceId: params.deviceId,
      lastSeenAt: now,
      firmwareVersion: body.firmwareVersion,
    });
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") {
      throw new NotFoundProblem("The device does not exist.");
    }
    throw error;
  }
};

export const handler = customRoute(app, "POST /devices/{deviceId}/heartbeat", heartbeat);
