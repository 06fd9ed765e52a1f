/**
 * A test-only app with one custom route: counters (one per caller) and
 * `POST /counters/{counterId}/increment`, which no CRUD operation fits: one UpdateItem that adds to
 * the count. Its suites prove the route end to end: the definition, the handler over the local
 * gateway, the permissions it sends against those it declares, and the synthesized stack.
 */
import { defineApp, defineEntity, defineRoute } from "portico/model";
import * as z from "zod";

export const counters = defineEntity({
  name: "counter",
  collection: "counters",
  idParam: "counterId",
  id: "subject",
  key: { pk: "COUNTER#{counterId}", sk: "COUNTER" },
  schema: z.object({
    label: z.string().min(1).max(100),
    /** Where the count starts; the increment route adds to it. */
    count: z.number().int().default(0),
  }),
  operations: { create: "authenticated", get: "ownerOrAdmin" },
});

export const incrementBody = z.strictObject({ by: z.number().int().min(1).max(100) });

export const increment = defineRoute({
  routeKey: "POST /counters/{counterId}/increment",
  function: "counters-increment",
  access: "owner",
  owner: "counterId",
  body: incrementBody,
  summary: "Add to a counter",
  description: "Adds `by` to the caller's counter in one atomic write and answers the new count.",
  permissions: { table: ["UpdateItem"] },
});

export const app = defineApp({
  name: "custom-routes",
  api: { stage: "v1" },
  auth: { audience: ["custom-routes"], adminScope: "counters/admin" },
  entities: [counters],
  routes: [increment],
  deploy: { stages: { dev: {} } },
});

export default app;
