/**
 * `defineRoute`: one route that no CRUD operation fits (`POST /counters/{counterId}/increment`),
 * served by a handler module of the app's own (`functions/<function>.ts`, written with
 * `customRoute` from `portico/runtime`). Its permissions are declared here, and only these reach
 * its function: the stack grants exactly them, the local twin sets only the environment they
 * need, and the permission suites hold its real traffic to them. What cannot work is refused when
 * it is declared, as a `DefinitionError` saying what to change.
 */
import type * as core from "zod/v4/core";
import type { Access } from "./define-entity.js";
import { DefinitionError } from "./definition-error.js";
import { commandActions, type DynamoDbCommand, type S3Action } from "./describe/permissions.js";
import type { HttpMethod } from "./routes.js";

/** What a custom route's function may do, and nothing more. */
export interface CustomRoutePermissions {
  /** DynamoDB commands it sends to the app's table (`["GetItem", "UpdateItem"]`). */
  readonly table?: readonly DynamoDbCommand[];
  /** Indexes of the table it queries (`["GSI1"]`): `dynamodb:Query` on each. */
  readonly indexes?: readonly string[];
  /** S3 actions on the files bucket's objects (`["s3:GetObject"]`). */
  readonly files?: readonly S3Action[];
}

export interface CustomRouteOptions<Body = unknown> {
  /** `"POST /counters/{counterId}/increment"`, exactly as API Gateway's route key. */
  readonly routeKey: string;
  /** The function's name; its handler is `functions/<function>.ts` in the app folder. */
  readonly function: string;
  /** Who may call it; `owner` and `ownerOrAdmin` compare the caller with the path parameter `owner`. */
  readonly access: Access;
  /** The path parameter holding the owner's id (`me` stands for the caller), for `owner` and `ownerOrAdmin`. */
  readonly owner?: string;
  /** The JSON body it takes: the adapter refuses any other with a 400 naming each field. @default - no body is read */
  readonly body?: core.$ZodType<Body>;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** More words for the OpenAPI document. */
  readonly description?: string;
  /** @default - none: the function reaches neither the table nor the bucket */
  readonly permissions?: CustomRoutePermissions;
}

/** A declared custom route, as `defineApp` takes it in `routes`. */
export interface CustomRouteDefinition<Body = unknown> {
  readonly routeKey: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The path's parameters, in order: `["counterId"]`. */
  readonly pathParams: readonly string[];
  readonly functionName: string;
  readonly access: Access;
  readonly owner: string | undefined;
  readonly body: core.$ZodType<Body> | undefined;
  readonly summary: string;
  readonly description: string | undefined;
  readonly permissions: {
    readonly table: readonly DynamoDbCommand[];
    readonly indexes: readonly string[];
    readonly files: readonly S3Action[];
  };
}

const methods: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const s3Actions: readonly S3Action[] = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"];
/** A literal segment (RFC 3986 unreserved characters) or one `{parameter}`. */
const segmentPattern = /^(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\})$/;
/** A function name is part of the Lambda function's name and of its entry's file name. */
const functionPattern = /^[a-z][a-z0-9-]{0,62}$/;

function refused(routeKey: string, problem: string): DefinitionError {
  return new DefinitionError(`Custom route "${routeKey}" ${problem}`);
}

/** The method and path of a route key, refused unless API Gateway and the local router can match it. */
function parseRouteKey(routeKey: string): { method: HttpMethod; path: string; pathParams: string[] } {
  const [method, path, ...rest] = routeKey.split(" ");
  if (!methods.includes(method as HttpMethod) || path === undefined || rest.length > 0) {
    throw refused(
      routeKey,
      `is not "<METHOD> <path>": use one of ${methods.join(", ")}, one space, then the path.`,
    );
  }
  const segments = path.split("/").slice(1);
  if (!path.startsWith("/") || segments.some((segment) => !segmentPattern.test(segment))) {
    throw refused(
      routeKey,
      'has a path API Gateway cannot route: start with "/", and make each segment letters, digits, ' +
        '".", "_", "~", "-" or one whole {parameter}.',
    );
  }
  const pathParams = segments.filter((segment) => segment.startsWith("{")).map((s) => s.slice(1, -1));
  const repeated = pathParams.find((param, index) => pathParams.indexOf(param) !== index);
  if (repeated !== undefined)
    throw refused(routeKey, `names {${repeated}} twice: give each parameter its own name.`);
  return { method: method as HttpMethod, path, pathParams };
}

/** Declares a custom route; `defineApp` takes it in `routes`. */
export function defineRoute<Body = unknown>(options: CustomRouteOptions<Body>): CustomRouteDefinition<Body> {
  const { routeKey, access, owner } = options;
  const { method, path, pathParams } = parseRouteKey(routeKey);
  if (!functionPattern.test(options.function)) {
    throw refused(
      routeKey,
      `has function "${options.function}": use a lowercase letter, then lowercase letters, digits and dashes (up to 63).`,
    );
  }
  const ownerAccess = access === "owner" || access === "ownerOrAdmin";
  if (ownerAccess && owner === undefined) {
    throw refused(
      routeKey,
      `has access "${access}" but names no owner: set owner to the path parameter holding the owner's id.`,
    );
  }
  if (!ownerAccess && owner !== undefined) {
    throw refused(
      routeKey,
      `names owner "${owner}", which only "owner" and "ownerOrAdmin" access read: remove owner or change access.`,
    );
  }
  if (owner !== undefined && !pathParams.includes(owner)) {
    throw refused(
      routeKey,
      `names owner "${owner}", which is not a parameter of its path (${pathParams.join(", ") || "none"}): put {${owner}} in the path or name one of its parameters.`,
    );
  }
  const table = options.permissions?.table ?? [];
  const unknownCommand = table.find((command) => !Object.hasOwn(commandActions, command));
  if (unknownCommand !== undefined) {
    throw refused(
      routeKey,
      `declares table command "${unknownCommand}": use DynamoDB command names (${Object.keys(commandActions).join(", ")}).`,
    );
  }
  const files = options.permissions?.files ?? [];
  const unknownAction = files.find((action) => !s3Actions.includes(action));
  if (unknownAction !== undefined) {
    throw refused(routeKey, `declares files action "${unknownAction}": use ${s3Actions.join(", ")}.`);
  }
  return {
    routeKey,
    method,
    path,
    pathParams,
    functionName: options.function,
    access,
    owner,
    body: options.body,
    summary: options.summary,
    description: options.description,
    permissions: {
      table: [...new Set(table)],
      indexes: [...new Set(options.permissions?.indexes ?? [])],
      files: [...new Set(files)],
    },
  };
}
