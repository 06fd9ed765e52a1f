/**
 * The app's functions as the stack deploys them and the local twin runs them: one per route, with
 * its entry module, trigger, memory, timeout, runtime, environment names and permissions. The
 * entry path `functions/<name>.ts` and the Lambda function name `<app>-<name>` are written here and
 * nowhere else.
 */
import type { App } from "../define-app.js";
import { fileKeyRoot, fileSlotsOf } from "../files.js";
import type { LambdaRuntime } from "../lambda-runtime.js";
import { descendantsOf, type Route } from "../routes.js";
import { type EnvName, envNames } from "./environment.js";
import { type Permissions, recorderPermissions, routePermissions } from "./permissions.js";

/** What invokes a function: its route, or the files bucket's ObjectCreated events (the file recorder). */
export type Trigger =
  | { readonly kind: "http"; readonly routeKey: string }
  | {
      readonly kind: "s3";
      readonly event: "s3:ObjectCreated:*";
      /** Only keys starting with one of these (`accounts/`): one notification each. */
      readonly prefixes: readonly string[];
    };

export interface FunctionDescription {
  /** `"accounts-get"`; on AWS and locally the Lambda function is named `<app>-<name>`. */
  readonly name: string;
  /** The handler module, relative to the app folder: `"functions/accounts-get.ts"`. */
  readonly entry: string;
  readonly trigger: Trigger;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly runtime: LambdaRuntime;
  /** The variables Portico sets on the function (values come from the stack or the local twin). */
  readonly environment: readonly EnvName[];
  readonly permissions: Permissions;
}

/** The Lambda function's name, on AWS and locally: `"my-app-accounts-get"`. */
export function lambdaFunctionName(appName: string, fn: Pick<FunctionDescription, "name">): string {
  return `${appName}-${fn.name}`;
}

/** The handler module of a function, relative to the app folder. */
export function functionEntry(name: string): string {
  return `functions/${name}.ts`;
}

/**
 * The names a route's function reads: app routes (health) touch no data; only a list signs cursors;
 * file routes, and deletes of items with files, reach the bucket; a custom route gets the table's
 * name only when it declares table permissions, the bucket's only when it declares files ones.
 */
function functionEnvironmentNames(app: App, route: Route): EnvName[] {
  if (route.kind === "app") return [];
  if (route.kind === "custom") {
    const { table, indexes, files } = route.custom.permissions;
    return [
      ...(table.length > 0 || indexes.length > 0 ? [envNames.tableName] : []),
      ...(files.length > 0 ? [envNames.bucketName] : []),
    ];
  }
  if (route.kind === "file") return [envNames.tableName, envNames.bucketName];
  if (route.operation === "list") return [envNames.tableName, envNames.cursorSecretId];
  const deletesFiles =
    route.operation === "delete" &&
    fileSlotsOf([route.entity, ...descendantsOf(app.entities, route.entity)]).length > 0;
  return deletesFiles ? [envNames.tableName, envNames.bucketName] : [envNames.tableName];
}

/** The memory, timeout and runtime of the function with this name. */
function sizing(
  app: App,
  name: string,
): Pick<FunctionDescription, "memoryMb" | "timeoutSeconds" | "runtime"> {
  const override = app.functions.overrides[name];
  return {
    memoryMb: override?.memoryMb ?? app.functions.memoryMb,
    timeoutSeconds: override?.timeoutSeconds ?? app.functions.timeoutSeconds,
    runtime: app.functions.runtime,
  };
}

export function describeFunction(app: App, route: Route): FunctionDescription {
  return {
    name: route.functionName,
    entry: functionEntry(route.functionName),
    trigger: { kind: "http", routeKey: route.routeKey },
    ...sizing(app, route.functionName),
    environment: functionEnvironmentNames(app, route),
    permissions: routePermissions(app.entities, route),
  };
}

/** The function that records uploaded files, invoked by the bucket's ObjectCreated events. */
export const recorderFunctionName = "files-record";

/** The file recorder, when the app has any file slot. */
export function describeRecorder(app: App): FunctionDescription | undefined {
  const slots = fileSlotsOf(app.entities);
  if (slots.length === 0) return undefined;
  return {
    name: recorderFunctionName,
    entry: functionEntry(recorderFunctionName),
    trigger: {
      kind: "s3",
      event: "s3:ObjectCreated:*",
      prefixes: [...new Set(slots.map((slotOf) => fileKeyRoot(slotOf.entity)))],
    },
    ...sizing(app, recorderFunctionName),
    environment: [envNames.tableName, envNames.bucketName],
    permissions: recorderPermissions(app.entities),
  };
}
