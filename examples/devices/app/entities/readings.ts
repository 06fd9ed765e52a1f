/**
 * A device's readings: reported by the fleet's devices (any authenticated caller), kept 30 days
 * (DynamoDB's TTL deletes them; until then an expired one is already gone for the API), newest
 * first in the device's partition, and deleted with their device.
 */
import { defineEntity } from "portico/model";
import * as z from "zod/mini";
import { devices } from "./devices.js";

export const readings = defineEntity({
  name: "reading",
  collection: "readings",
  idParam: "readingId",
  id: "generated",
  parent: devices,
  key: { pk: "DEVICE#{deviceId}", sk: "READING#{readingId}" },
  schema: z.object({
    temperatureC: z.number().check(z.gte(-90), z.lte(150)),
    batteryPercent: z.number().check(z.int(), z.gte(0), z.lte(100)),
    measuredAt: z.iso.datetime({ offset: true }),
  }),
  ttl: { days: 30 },
  filters: ["batteryPercent"],
  operations: {
    create: "authenticated",
    list: "authenticated",
    get: "authenticated",
    delete: "admin",
  },
});
