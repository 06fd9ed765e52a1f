/**
 * `defineApp`: the whole API in one object (stage, CORS, throttling, auth, table, entities).
 * The CDK stack and the local dev server are both built from what this returns. Every function
 * runs it at init, so its schemas are `zod/mini`'s (a bundle carries only the checks they use),
 * and its messages are zod's English ones, asked for explicitly (mini loads no locale).
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import type { AnyEntity } from "./define-entity.js";
import type { CustomRouteDefinition } from "./define-route.js";
import { DefinitionError } from "./definition-error.js";
import { deploySchema } from "./deploy-options.js";
import { type LambdaRuntime, lambdaRuntime } from "./lambda-runtime.js";
import {
  refuseChildrenMixedWithSiblings,
  refuseSameNamedEntities,
  refuseUnworkableCustomRoutes,
} from "./refusals.js";
import { customRoute, entityRoutes, fileRoutes, healthRoute, type Route } from "./routes.js";

/** The origins the local twin answers unless told (API.md: "default locally"), the API and the bucket alike. */
export const defaultLocalOrigins: readonly string[] = ["http://localhost:*", "http://127.0.0.1:*"];

const corsSchema = z.strictObject({
  /**
   * The origins browsers may call the deployed API from (a stage may list its own). AWS takes exact
   * origins, `*`, `http://*` or `https://*` only; synth refuses anything else.
   */
  allowOrigins: z.array(z.string()).check(z.minLength(1)),
  /** The origins the local twin accepts; these may hold port wildcards (`http://localhost:*`). */
  localOrigins: z._default(z.array(z.string()).check(z.minLength(1)), () => [...defaultLocalOrigins]),
  allowMethods: z._default(z.array(z.string()), ["GET", "POST", "PUT", "PATCH", "DELETE"]),
  allowHeaders: z._default(z.array(z.string()), [
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "idempotency-key",
  ]),
  exposeHeaders: z._default(z.array(z.string()), [
    "etag",
    "location",
    "retry-after",
    "apigw-requestid",
    "idempotent-replayed",
  ]),
  maxAge: z._default(z.number().check(z.int(), z.gte(-1), z.lte(86400)), 600),
  allowCredentials: z._default(z.boolean(), false),
});

// Below API Gateway's 30 s integration timeout (AWS-FACTS §6): the function's own timeout fires
// first, so the client gets AWS's 500 for it, never the integration's 503.
const timeoutSchema = z.number().check(z.int(), z.gte(1), z.lte(29));
const memorySchema = z.number().check(z.int(), z.gte(128), z.lte(10240));

const appOptionsSchema = z.strictObject({
  name: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,62}$/, "use lowercase letters, digits and dashes")),
  api: z.strictObject({
    stage: z
      .string()
      .check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, "use letters, digits, '-' or '_' (API Gateway's stage rule)")),
    cors: z.optional(corsSchema),
    throttling: z.optional(
      z.strictObject({
        rateLimit: z.number().check(z.positive()),
        burstLimit: z.number().check(z.int(), z.positive()),
      }),
    ),
  }),
  auth: z.strictObject({
    /** The OIDC issuer the JWT authorizer trusts. @default - a Cognito user pool made by the stack */
    issuer: z.optional(z.string().check(z.url())),
    audience: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    /** The scope that lets a token read and change every owner's data. */
    adminScope: z.string().check(z.minLength(1)),
  }),
  functions: z._default(
    z.strictObject({
      timeoutSeconds: z._default(timeoutSchema, 10),
      memoryMb: z._default(memorySchema, 512),
      /** One function's own timeout or memory, by its name (`"accounts-delete"`). */
      overrides: z._default(
        z.record(
          z.string(),
          z.strictObject({ timeoutSeconds: z.optional(timeoutSchema), memoryMb: z.optional(memorySchema) }),
        ),
        {},
      ),
    }),
    { timeoutSeconds: 10, memoryMb: 512, overrides: {} },
  ),
  /** Stages, domains, tracing, log retention, alarms and the CI role: read by the stack only. */
  deploy: deploySchema,
});

/** zod's English messages for this parse only (the app's own locale, if it set one, is untouched). */
const englishMessages = { error: en().localeError } as const;

export type CorsOptions = z.input<typeof corsSchema>;
export type AppOptions = z.input<typeof appOptionsSchema> & {
  readonly entities: readonly AnyEntity[];
  /** Routes no CRUD operation fits, each with its own handler module (`defineRoute`). @default [] */
  readonly routes?: readonly CustomRouteDefinition[];
};
type ParsedOptions = z.output<typeof appOptionsSchema>;

export interface App {
  readonly name: string;
  readonly api: ParsedOptions["api"];
  readonly auth: ParsedOptions["auth"];
  readonly deploy: ParsedOptions["deploy"];
  /** Memory and timeout as configured (app-wide, and per function), and the Lambda runtime every function runs on. */
  readonly functions: ParsedOptions["functions"] & { readonly runtime: LambdaRuntime };
  readonly entities: readonly AnyEntity[];
  /** Every route, `GET /health` first, the custom routes last. */
  readonly routes: readonly Route[];
  /** The route with this key; throws with the known keys when there is none. */
  route(routeKey: string): Route;
}

/**
 * Declares the app. Throws a `DefinitionError` at definition time on unknown options, duplicate
 * routes or entity names, or missing parents.
 */
export function defineApp(options: AppOptions): App {
  const { entities, routes: customRoutes = [], ...rest } = options;
  const parsed = z.safeParse(appOptionsSchema, rest, englishMessages);
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
    refuseChildrenMixedWithSiblings(entity);
  }
  const routes = [
    healthRoute,
    ...entities.flatMap((entity) => [
      ...entityRoutes(entity, parsed.data.auth.adminScope),
      ...fileRoutes(entity, parsed.data.auth.adminScope),
    ]),
    ...customRoutes.map((definition) => customRoute(definition, parsed.data.auth.adminScope)),
  ];
  refuseUnworkableCustomRoutes(routes);
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
