/**
 * Responses: problem content with examples built from the runtime's own problem classes, the
 * gateway's own errors (401, 403, 413, 429 as components; 500 and 503), and each operation's
 * success answers.
 */
import type { AnyEntity, Operation } from "../model/index.js";
import {
  gatewayErrors,
  type HttpProblem,
  InternalProblem,
  maxRequestBytes,
  mediaTypes,
  megabytes,
  type ProblemDetails,
  ServiceUnavailableProblem,
} from "../runtime/index.js";
import { etagHeader, type HeaderRefs, headerNames, responseHeaders } from "./headers.js";
import { ref, schemaNames } from "./names.js";
import type { ExampleObject, ReferenceObject, ResponseObject, SchemaObject } from "./types.js";

const problemExample = (problem: HttpProblem): ExampleObject => ({
  summary: problem.title,
  value: problem.toJSON() satisfies ProblemDetails,
});

export function problemContent(problems: readonly HttpProblem[], schema: SchemaObject | ReferenceObject) {
  const examples: Record<string, ExampleObject> = {};
  for (const problem of problems) {
    const slug = problem.type.slice(problem.type.lastIndexOf(":") + 1);
    let key = slug;
    for (let n = 2; Object.hasOwn(examples, key); n++) key = `${slug}-${n}`;
    examples[key] = problemExample(problem);
  }
  return { [mediaTypes.problem]: { schema, examples } };
}

export function gatewayContent(message: string) {
  return {
    [mediaTypes.json]: {
      schema: ref("schemas", schemaNames.gatewayError),
      examples: { gateway: { value: { message } } },
    },
  };
}

export const gatewayResponses: Readonly<Record<string, ResponseObject>> = {
  Unauthorized: {
    description:
      "The gateway refused the token: missing, malformed, expired, not yet valid, wrongly signed, " +
      "or from the wrong issuer or audience. No function ran.",
    headers: {
      ...responseHeaders(),
      "WWW-Authenticate": { description: "`Bearer`", schema: { type: "string" } },
    },
    content: gatewayContent(gatewayErrors.unauthorized.message),
  },
  Forbidden: {
    description: "The gateway refused the call: the token lacks every scope the route accepts.",
    headers: responseHeaders(),
    content: gatewayContent(gatewayErrors.forbidden.message),
  },
  PayloadTooLarge: {
    description: `The request body is over ${megabytes(maxRequestBytes)}; the gateway refused it.`,
    headers: responseHeaders(),
    content: gatewayContent(gatewayErrors.payloadTooLarge.message),
  },
  TooManyRequests: {
    description: "The gateway's throttling limit was reached; retry later.",
    headers: responseHeaders(),
    content: gatewayContent(gatewayErrors.tooManyRequests.message),
  },
};

export type Responses = Record<string, ResponseObject | ReferenceObject>;

export function sortedResponses(responses: Responses): Responses {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The 500 and 503 a route can give: from the gateway always, and as a problem once a store is involved. */
export function failureResponses(withFunctionProblems: boolean): Responses {
  const functionFailure = withFunctionProblems
    ? problemContent([new InternalProblem(undefined)], ref("schemas", schemaNames.problem))
    : {};
  const storeBusy = withFunctionProblems
    ? problemContent([new ServiceUnavailableProblem(1, undefined)], ref("schemas", schemaNames.problem))
    : {};
  return {
    "500": {
      description: withFunctionProblems
        ? "The function failed unexpectedly (a problem naming nothing internal), or it crashed or " +
          "answered garbage (the gateway's error)."
        : "The function crashed or answered garbage.",
      headers: responseHeaders(),
      content: { ...functionFailure, ...gatewayContent(gatewayErrors.internal.message) },
    },
    "503": {
      description: withFunctionProblems
        ? "The store is unreachable or throttling after retries (a problem with `Retry-After`), or " +
          "the function ran past its timeout (the gateway's error)."
        : "The function ran past its timeout.",
      headers: withFunctionProblems
        ? responseHeaders({ [headerNames.retryAfter]: ref("headers", "RetryAfter") })
        : responseHeaders(),
      content: { ...storeBusy, ...gatewayContent(gatewayErrors.serviceUnavailable.message) },
    },
  };
}

export function problemResponse(
  description: string,
  problems: readonly HttpProblem[],
  extraHeaders: HeaderRefs = {},
): ResponseObject {
  return {
    description,
    headers: responseHeaders(extraHeaders),
    content: problemContent(problems, ref("schemas", schemaNames.problem)),
  };
}

export function successResponses(operation: Operation, entity: AnyEntity): Responses {
  const name = entity.name;
  const item = { [mediaTypes.json]: { schema: ref("schemas", schemaNames.item(entity)) } };
  switch (operation) {
    case "create": {
      const replayed = entity.idempotentCreate
        ? { [headerNames.replayed]: ref("headers", "IdempotentReplayed") }
        : {};
      const location = { [headerNames.location]: ref("headers", "Location") };
      return {
        "201": {
          description: `The ${name} was created.`,
          headers: responseHeaders({ ...location, ...etagHeader, ...replayed }),
          content: item,
        },
      };
    }
    case "list":
      return {
        "200": {
          description: `A page of ${entity.collection}, newest first.`,
          headers: responseHeaders(),
          content: { [mediaTypes.json]: { schema: ref("schemas", schemaNames.page(entity)) } },
        },
      };
    case "get":
      return {
        "200": { description: `The ${name}.`, headers: responseHeaders(etagHeader), content: item },
        "304": {
          description: "`If-None-Match` holds the current ETag: the copy the client has is current.",
          headers: responseHeaders(etagHeader),
        },
      };
    case "replace":
    case "patch":
      return {
        "200": {
          description: `The ${name} after the change.`,
          headers: responseHeaders(etagHeader),
          content: item,
        },
      };
    case "delete":
      return { "204": { description: `The ${name} is gone.`, headers: responseHeaders() } };
  }
}
