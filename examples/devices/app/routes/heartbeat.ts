/**
 * `POST /devices/{deviceId}/heartbeat`: a device says it is alive, and which firmware it runs. No CRUD
 * operation fits (a device may not patch itself: its status is the operators'), so it is a custom
 * route, allowed exactly one `UpdateItem` on the table.
 */
import { defineRoute } from "portico/model";
import * as z from "zod/mini";

export const heartbeatBody = z.strictObject({
  firmwareVersion: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, "must be a version like 1.4.2")),
});

export const heartbeat = defineRoute({
  routeKey: "POST /devices/{deviceId}/heartbeat",
  function: "devices-heartbeat",
  access: "authenticated",
  body: heartbeatBody,
  summary: "Report that a device is alive",
  description:
    "Sets the device's `lastSeenAt` to now and its `firmwareVersion`, in one write; 404 for an unknown device.",
  permissions: { table: ["UpdateItem"] },
});
