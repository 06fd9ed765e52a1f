/**
 * `defineApp`: the whole API in one object (stage, CORS, throttling, auth, table, entities).
 * The CDK stack and the local dev server are both built from what this returns.
 */
import * as z from "zod";
import type { AnyEntity } from "./define-entity.js";
import { DefinitionError } from "./definition-error.js";
import { deploySchema } from "./deploy-options.js";
import { type LambdaRuntime, lambdaRuntime } from "./lambda-runtime.js";
import { refuseSameNamedEntities } from "./refusals.js";
import { entityRoutes, fileRoutes, healthRoute, type Route } from "./routes.js";

/** The origins the local twin answers unless told (API.md: "default locally"), the API and the bucket alike. */
export const defaultLocalOrigins: readonly string[] = ["http://localhost:*", "http://127.0.0.1:*"];

const corsSchema = z.strictObject({
  /**
   * The origins browsers may call the deployed API from (a stage may list its own). AWS takes exact
   * origins, `*`, `http://*` or `https://*` only; synth refuses anything else.
   */
  allowOrigins: z.array(z.string()).min(1),
  /** The origins the local twin accepts; these may hold port wildcards (`http://localhost:*`). */
  localOrigins: z
    .array(z.string())
    .min(1)
    .default(() => [...defaultLocalOrigins]),
  allowMethods: z.array(z.string()).default(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  allowHeaders: z
    .array(z.string())
    .default(["authorization", "content-type", "if-match", "if-none-match", "idempotency-key"]),
  exposeHeaders: z
    .array(z.string())
    .default(["etag", "location", "retry-after", "apigw-requestid", "idempotent-replayed"]),
  maxAge: z.number().int().min(-1).max(86400).default(600),
  allowCredentials: z.boolean().default(false),
});

// Below API Gateway's 30 s integration timeout (AWS-FACTS §6): the function's own timeout fires
// first, so the client gets AWS's 500 for it, never the integration's 503.
const timeoutSchema = z.number().int().min(1).max(29);
const memorySchema = z.number().int().min(128).max(10240);

const appOptionsSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, "use lowercase letters, digits and dashes"),
  api: z.strictObject({
    stage: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, "use letters, digits, '-' or '_' (API Gateway's stage rule)"),
    cors: corsSchema.optional(),
    throttling: z
      .strictObject({ rateLimit: z.number().positive(), burstLimit: z.number().int().positive() })
      .optional(),
  }),
  auth: z.strictObject({
    /** The OIDC issuer the JWT authorizer trusts. @default - a Cognito user pool made by the stack */
    issuer: z.string().url().optional(),
    audience: z.array(z.string().min(1)).min(1),
    /** The scope that lets a token read and change every user's data. */
    adminScope: z.string().min(1),
  }),
  functions: z
    .strictObject({
      timeoutSeconds: timeoutSchema.default(10),
      memoryMb: memorySchema.default(512),
      /** One function's own timeout or memory, by its name (`"users-delete"`). */
      overrides: z
        .record(
          z.string(),
          z.strictObject({ timeoutSeconds: timeoutSchema.optional(), memoryMb: memorySchema.optional() }),
        )
        .default({}),
    })
    .default({ timeoutSeconds: 10, memoryMb: 512, overrides: {} }),
  /** Stages, domains, tracing, log retention, alarms and the CI role: read by the stack only. */
  deploy: deploySchema,
});

export type CorsOptions = z.input<typeof corsSchema>;
export type AppOptions = z.input<typeof appOptionsSchema> & { readonly entities: readonly AnyEntity[] };
type ParsedOptions = z.output<typeof appOptionsSchema>;

export interface App {
  readonly name: string;
  readonly api: ParsedOptions["api"];
  readonly auth: ParsedOptions["auth"];
  readonly deploy: ParsedOptions["deploy"];
  /** Memory and timeout as configured (app-wide, and per function), and the Lambda runtime every function runs on. */
  readonly functions: ParsedOptions["functions"] & { readonly runtime: LambdaRuntime };
  readonly entities: readonly AnyEntity[];
  /** Every route, `GET /health` first. */
  readonly routes: readonly Route[];
  /** The route with this key; throws with the known keys when there is none. */
  route(routeKey: string): Route;
}

/**
 * Declares the app. Throws a `DefinitionError` at definition time on unknown options, duplicate
 * routes or entity names, or missing parents.
 */
export function defineApp(options: AppOptions): App {
  const { entities, ...rest } = options;
  const parsed = appOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new DefinitionError(`Invalid app definition: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  refuseSameNamedEntities(entities);
  for (const entity of entities) {
    if (entity.parent !== undefined && !entities.includes(entity.parent)) {
      throw new DefinitionError(
        `Entity "${entity.name}" has parent "${entity.parent.name}", which is not in the app: ` +
          `add "${entity.parent.name}" to the app's entities.`,
      );
    }
    // Children live in their parent's partition, so deleting the parent can sweep them with a Query.
    if (entity.parent !== undefined && entity.keys.pk.template !== entity.parent.keys.pk.template) {
      throw new DefinitionError(
        `Entity "${entity.name}" has partition key "${entity.keys.pk.template}", but its parent ` +
          `"${entity.parent.name}" uses "${entity.parent.keys.pk.template}": a child must share its parent's partition key.`,
      );
    }
  }
  const routes = [
    healthRoute,
    ...entities.flatMap((entity) => [
      ...entityRoutes(entity, parsed.data.auth.adminScope),
      ...fileRoutes(entity),
    ]),
  ];
  const byKey = new Map<string, Route>();
  for (const route of routes) {
    if (byKey.has(route.routeKey)) {
      throw new DefinitionError(
        `Two routes share the key "${route.routeKey}": give each entity a collection of its own.`,
      );
    }
    byKey.set(route.routeKey, route);
  }
  for (const name of Object.keys(parsed.data.functions.overrides)) {
    if (!routes.some((route) => route.functionName === name)) {
      throw new DefinitionError(
        `functions.overrides names "${name}", which is no function of the app: name one of its functions: ${routes.map((route) => route.functionName).join(", ")}.`,
      );
    }
  }
  return {
    ...parsed.data,
    functions: { ...parsed.data.functions, runtime: lambdaRuntime },
    entities,
    routes,
    route(routeKey) {
      const route = byKey.get(routeKey);
      if (route === undefined) {
        throw new DefinitionError(
          `No route "${routeKey}" in app "${parsed.data.name}": name one of its routes: ${[...byKey.keys()].join(", ")}.`,
        );
      }
      return route;
    },
  };
}
