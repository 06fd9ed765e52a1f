/**
 * Who may do what: `me` resolved to the caller, then the route's access rule checked against the
 * owner id in the path. A caller reaches only their own data unless the token has the admin scope.
 */
import type { Route } from "../../model/index.js";
import { entityNoun, problemCatalogue } from "../http/problem-catalogue.js";
import { ForbiddenProblem, NotFoundProblem, UnauthorizedProblem } from "../http/problems.js";
import { maxIdBytes } from "../limits.js";
import type { Ids } from "../store/index.js";
import type { Principal } from "./principal.js";

/** The alias a client may use for its own id in the owner's path parameter (API.md). */
export const selfAlias = "me";

/**
 * The route's id parameters from the path, with `me` standing for the caller, and a creator-owned
 * entity's creator taken from the token (it is never in the path, so no caller can name another's).
 */
export function resolveIds(
  route: Route,
  pathParameters: Readonly<Record<string, string>>,
  principal?: Principal,
): Ids {
  if (route.kind === "app") return {};
  const params = route.kind === "custom" ? route.custom.pathParams : route.entity.pathParams;
  const owner = ownerParamOf(route);
  const noun = entityNoun(route.entity ?? { title: "resource" });
  const ids: Record<string, string> = {};
  const creator = route.kind === "custom" ? undefined : route.entity.creator;
  if (creator !== undefined && principal !== undefined) ids[creator] = principal.subject;
  for (const param of params) {
    const value = pathParameters[param];
    if (value === undefined) continue;
    const resolved = param === owner && value === selfAlias && principal ? principal.subject : value;
    if (resolved === "" || Buffer.byteLength(resolved) > maxIdBytes) {
      throw new NotFoundProblem(problemCatalogue.notFound.details.noMatch(noun));
    }
    ids[param] = resolved;
  }
  return ids;
}

/** The path parameter whose value is the owner's `sub`: the root entity's id, or a custom route's `owner`. */
function ownerParamOf(route: Route): string | undefined {
  switch (route.kind) {
    case "app":
      return undefined;
    case "custom":
      return route.custom.owner;
    case "entity":
    case "file":
      return route.entity.ownerParam;
  }
}

export function isAdmin(principal: Principal, adminScope: string): boolean {
  return principal.scopes.has(adminScope);
}

/** Throws 401/403 problems when the caller may not run the route on these ids. */
export function authorize(
  route: Route,
  principal: Principal | undefined,
  ids: Ids,
  adminScope: string,
): void {
  if (route.access === "public") return;
  const { details } = problemCatalogue.forbidden;
  // API Gateway's authorizer runs first, so this only fires when a function is invoked directly.
  if (principal === undefined) throw new UnauthorizedProblem();
  const ownerParam = ownerParamOf(route);
  const owner = ownerParam === undefined ? undefined : ids[ownerParam];
  const isOwner = owner === undefined || owner === principal.subject;
  switch (route.access) {
    case "authenticated":
      return;
    case "admin":
      if (!isAdmin(principal, adminScope)) throw new ForbiddenProblem(details.needsScope(adminScope));
      return;
    case "owner":
      if (!isOwner) throw new ForbiddenProblem(details.ownerOnly);
      return;
    case "ownerOrAdmin":
      if (!isOwner && !isAdmin(principal, adminScope)) {
        throw new ForbiddenProblem(details.ownerOrAdmin);
      }
      return;
  }
}
