/**
 * The names the generator's modules share: component references, schema names, the security
 * scheme, operation ids and keys.
 */
import type { AnyEntity, RouteDescription } from "../model/index.js";
import { ticketRequestTitle } from "../runtime/index.js";
import type { PathItemMethod, ReferenceObject } from "./types.js";

/** The name of the one security scheme, the gateway's JWT authorizer. */
export const securityScheme = "bearerAuth";

export const ref = (section: "schemas" | "responses" | "headers", name: string): ReferenceObject => ({
  $ref: `#/components/${section}/${name}`,
});

export const schemaNames = {
  problem: "Problem",
  validationProblem: "ValidationProblem",
  gatewayError: "GatewayError",
  health: "Health",
  uploadRequest: ticketRequestTitle,
  uploadTicket: "UploadTicket",
  item: (entity: AnyEntity) => entity.title,
  page: (entity: AnyEntity) => `${entity.title}Page`,
  body: (entity: AnyEntity, kind: "create" | "replace" | "patch") =>
    `${entity.title}${kind.charAt(0).toUpperCase()}${kind.slice(1)}`,
};

export const methodKey = (route: RouteDescription) => route.method.toLowerCase() as PathItemMethod;

/** `"accounts-create"` → `"accountsCreate"`: a valid identifier for generated clients. */
export function operationIdOf(route: Pick<RouteDescription, "function">): string {
  return route.function.replace(/[-_]+([a-zA-Z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** Whether the operation takes a request body (and so can be a 413). */
export function hasBody(operation: RouteDescription["operation"]): boolean {
  return operation === "create" || operation === "replace" || operation === "patch";
}
