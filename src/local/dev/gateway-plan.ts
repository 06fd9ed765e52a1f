/**
 * What the local twin serves, derived from `describeApp` alone: the stage, the route table with
 * each route's authorizer and scopes, CORS for the local origins, throttling, and each function's
 * sandbox (module, memory, timeout, environment). The dev server runs exactly this, and the parity
 * suite holds it equal to the synthesized stack.
 */
import { join } from "node:path";
import type { AppDescription } from "../../model/index.js";
import type { CorsConfig } from "../gateway/cors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { FunctionDefinition } from "../gateway/invoker/function-pool.js";
import { functionEnvironment, type LocalEndpoints } from "./function-environment.js";

export interface LocalGatewayPlan {
  readonly stage: string;
  /** Without `ready`: the dev server adds the database wait to routes that `needDatabase`. */
  readonly routes: readonly (Omit<GatewayRoute, "ready"> & { readonly needsDatabase: boolean })[];
  readonly cors: CorsConfig | undefined;
  readonly throttling: AppDescription["throttling"];
  readonly functions: readonly FunctionDefinition[];
}

/** The local twin answers the local origins; the deployed stages' origins are the stack's. */
export function localCors(description: Pick<AppDescription, "cors">): CorsConfig | undefined {
  const cors = description.cors;
  if (cors === undefined) return undefined;
  const { localOrigins, ...shared } = cors;
  return { ...shared, allowOrigins: localOrigins };
}

export function localGatewayPlan(
  description: AppDescription,
  appDir: string,
  endpoints: LocalEndpoints,
): LocalGatewayPlan {
  return {
    stage: description.stage,
    routes: description.routes.map((route) => ({
      routeKey: route.routeKey,
      functionName: route.function,
      authorized: route.authorized,
      scopes: route.scopes,
      // App routes (health) touch no data: they answer while the database still starts.
      needsDatabase: route.kind !== "app",
    })),
    cors: localCors(description),
    throttling: description.throttling,
    functions: description.functions.map((fn) => ({
      name: fn.name,
      module: join(appDir, fn.entry),
      timeoutMs: fn.timeoutSeconds * 1000,
      memoryMb: fn.memoryMb,
      environment: functionEnvironment(description, fn, endpoints),
    })),
  };
}
