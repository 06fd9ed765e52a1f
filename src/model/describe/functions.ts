/**
 * The app's functions as the stack deploys them and the local twin runs them: one per route, with
 * its entry module, trigger, memory, timeout, runtime, environment names and permissions. The
 * entry path `functions/<name>.ts` and the Lambda function name `<app>-<name>` are written here and
 * nowhere else.
 */
import type { App } from "../define-app.js";
import type { LambdaRuntime } from "../lambda-runtime.js";
import type { Route } from "../routes.js";
import { type EnvName, envNames } from "./environment.js";
import { type Permissions, routePermissions } from "./permissions.js";

/** What invokes a function: its route, or the files bucket's ObjectCreated events (the file recorder). */
export type Trigger =
  | { readonly kind: "http"; readonly routeKey: string }
  | { readonly kind: "s3"; readonly event: "s3:ObjectCreated:*" };

export interface FunctionDescription {
  /** `"users-get"`; on AWS and locally the Lambda function is named `<app>-<name>`. */
  readonly name: string;
  /** The handler module, relative to the app folder: `"functions/users-get.ts"`. */
  readonly entry: string;
  readonly trigger: Trigger;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly runtime: LambdaRuntime;
  /** The variables Portico sets on the function (values come from the stack or the local twin). */
  readonly environment: readonly EnvName[];
  readonly permissions: Permissions;
}

/** The Lambda function's name, on AWS and locally: `"swifty-planner-users-get"`. */
export function lambdaFunctionName(appName: string, fn: Pick<FunctionDescription, "name">): string {
  return `${appName}-${fn.name}`;
}

/** The handler module of a function, relative to the app folder. */
export function functionEntry(name: string): string {
  return `functions/${name}.ts`;
}

/**
 * The names a route's function reads: app routes (health) touch no data; only a list signs cursors.
 */
function functionEnvironmentNames(route: Route): EnvName[] {
  if (route.kind === "app") return [];
  return route.operation === "list" ? [envNames.tableName, envNames.cursorSecretId] : [envNames.tableName];
}

export function describeFunction(app: App, route: Route): FunctionDescription {
  const override = app.functions.overrides[route.functionName];
  return {
    name: route.functionName,
    entry: functionEntry(route.functionName),
    trigger: { kind: "http", routeKey: route.routeKey },
    memoryMb: override?.memoryMb ?? app.functions.memoryMb,
    timeoutSeconds: override?.timeoutSeconds ?? app.functions.timeoutSeconds,
    runtime: app.functions.runtime,
    environment: functionEnvironmentNames(route),
    permissions: routePermissions(app.entities, route),
  };
}
