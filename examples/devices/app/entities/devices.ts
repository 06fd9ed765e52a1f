/**
 * Devices of the fleet: registered by an operator (admin), keyed by their own generated id, so they
 * have no owner; any authenticated caller (a device's own token) reads one. Listed newest first over
 * four index shards, and by status from an index (`GET /devices?status=active`). Each holds the
 * firmware image it should run, a zip on S3 that operators upload and devices download.
 */
import { defineEntity } from "portico/model";
import * as z from "zod/mini";

export const devices = defineEntity({
  name: "device",
  collection: "devices",
  idParam: "deviceId",
  id: "generated",
  key: { pk: "DEVICE#{deviceId}", sk: "DEVICE" },
  schema: z.object({
    name: z.string().check(z.minLength(1), z.maxLength(100)),
    model: z.string().check(z.minLength(1), z.maxLength(50)),
    status: z._default(z.enum(["provisioned", "active", "retired"]), "provisioned"),
    firmwareVersion: z.optional(z.string().check(z.regex(/^\d+\.\d+\.\d+$/, "must be a version like 1.4.2"))),
    /** When the device last called `POST /devices/{deviceId}/heartbeat` (the custom route sets it). */
    lastSeenAt: z.optional(z.iso.datetime({ offset: true })),
  }),
  listing: "global",
  shards: 4,
  filters: ["status"],
  operations: {
    create: "admin",
    list: "admin",
    get: "authenticated",
    patch: "admin",
    delete: "admin",
  },
  files: {
    firmware: { multiple: false, contentTypes: ["application/zip"], maxBytes: 50 * 1024 * 1024 },
  },
});
