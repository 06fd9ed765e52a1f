/**
 * API Gateway HTTP API routing (AWS-FACTS.md §3): the stage is resolved first, then the route.
 * Route keys are `METHOD /path` or `$default`; `{name}` matches one segment, `{name+}` the rest.
 * Precedence, most specific first: a route without a greedy variable, then a greedy one, then
 * `$default`; within a tier, segments compare left to right (literal > `{var}` > `{var+}`), then
 * an exact method beats `ANY`.
 */

export interface RouteMatch<T> {
  readonly routeKey: string;
  readonly target: T;
  /** Absent when the route has no variables (`$default`, literal paths), as in AWS's event. */
  readonly pathParameters: Record<string, string> | undefined;
}

interface CompiledRoute<T> {
  readonly routeKey: string;
  readonly target: T;
  readonly method: string;
  readonly segments: readonly Segment[];
  readonly greedy: boolean;
  readonly isDefault: boolean;
}

type Segment =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "greedy"; readonly name: string };

const segmentRank = { literal: 0, variable: 1, greedy: 2 } as const;

function compile<T>(routeKey: string, target: T): CompiledRoute<T> {
  if (routeKey === "$default") {
    return { routeKey, target, method: "ANY", segments: [], greedy: false, isDefault: true };
  }
  const match = /^([A-Z]+) (\/.*)$/.exec(routeKey);
  if (match === null) throw new TypeError(`Route key "${routeKey}" is not "METHOD /path" or "$default".`);
  const [, method = "", path = ""] = match;
  if (path.length > 1 && path.endsWith("/")) {
    // API Gateway refuses such keys; accepting one here would make local routing diverge.
    throw new TypeError(`Route key "${routeKey}" ends with "/", which API Gateway does not allow.`);
  }
  const segments: Segment[] = path
    .split("/")
    .slice(1)
    .map((part, index, all) => {
      const variable = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
      if (variable === null) return { kind: "literal", value: part };
      if (variable[2] === "+") {
        if (index !== all.length - 1)
          throw new TypeError(`In "${routeKey}", a greedy variable must be the last segment.`);
        return { kind: "greedy", name: variable[1] as string };
      }
      return { kind: "variable", name: variable[1] as string };
    });
  return { routeKey, target, method, segments, greedy: segments.at(-1)?.kind === "greedy", isDefault: false };
}

function tier(route: CompiledRoute<unknown>): number {
  return route.isDefault ? 2 : route.greedy ? 1 : 0;
}

/** Negative when `a` is more specific than `b`. */
function compareSpecificity(a: CompiledRoute<unknown>, b: CompiledRoute<unknown>): number {
  const byTier = tier(a) - tier(b);
  if (byTier !== 0) return byTier;
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const left = a.segments[index];
    const right = b.segments[index];
    if (left === undefined || right === undefined) return left === undefined ? 1 : -1;
    const bySegment = segmentRank[left.kind] - segmentRank[right.kind];
    if (bySegment !== 0) return bySegment;
  }
  return (a.method === "ANY" ? 1 : 0) - (b.method === "ANY" ? 1 : 0);
}

function bind(
  route: CompiledRoute<unknown>,
  parts: readonly string[],
): Record<string, string> | undefined | false {
  if (route.isDefault) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of route.segments.entries()) {
    if (segment.kind === "greedy") {
      const rest = parts.slice(index).join("/");
      if (rest === "") return false;
      params[segment.name] = decodeParameter(rest);
      return params;
    }
    const part = parts[index];
    if (part === undefined) return false;
    if (segment.kind === "literal") {
      if (segment.value !== part) return false;
    } else {
      if (part === "") return false;
      params[segment.name] = decodeParameter(part);
    }
  }
  if (parts.length !== route.segments.length) return false;
  return Object.keys(params).length === 0 ? undefined : params;
}

/**
 * Path parameter values are fully decoded ("API Gateway decodes URL-encoded request
 * parameters"): the `%2F` and `%25` the path kept encoded for splitting become `/` and `%`.
 */
function decodeParameter(value: string): string {
  return value.replace(/%2[Ff]/g, "/").replace(/%25/g, "%");
}

export interface Router<T> {
  /** The best route for a request, on a path already stripped of its stage; `undefined` → 404. */
  match(method: string, path: string): RouteMatch<T> | undefined;
}

export function createRouter<T>(
  routes: readonly { readonly routeKey: string; readonly target: T }[],
): Router<T> {
  const compiled = routes.map((route) => compile(route.routeKey, route.target)).sort(compareSpecificity);
  return {
    match(method, path) {
      const parts = path.split("/").slice(1);
      for (const route of compiled) {
        // `ANY` matches every method the path has no route for; sorting put exact methods first.
        if (route.method !== "ANY" && route.method !== method) continue;
        const params = bind(route, parts);
        if (params === false) continue;
        return { routeKey: route.routeKey, target: route.target, pathParameters: params };
      }
      return undefined;
    },
  };
}

/**
 * Splits the stage off the path (AWS-FACTS.md §3, Stages): a first segment naming the stage
 * selects it; otherwise there is no stage (this API has no `$default` stage) and the answer is 404.
 */
export function splitStage(path: string, stage: string): string | undefined {
  const prefix = `/${stage}`;
  if (path === prefix) return "/";
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}
