/**
 * The caller, from the JWT authorizer's output in the event. API Gateway hands every claim over
 * as a string; lists arrive as `"[a b]"` and `scopes` is `null` unless the route has scopes
 * (AWS-FACTS.md §4.1), so scopes are read from `scope`, `scp` and `scopes` alike.
 */

export interface Principal {
  /** The token's `sub`. */
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
}

function scopeList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  if (typeof value !== "string") return [];
  const inner = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter((scope) => scope !== "");
}

export function principalOf(
  jwt:
    | { readonly claims?: Readonly<Record<string, unknown>>; readonly scopes?: readonly string[] | null }
    | undefined,
): Principal | undefined {
  const subject = jwt?.claims?.sub;
  if (typeof subject !== "string" || subject === "") return undefined;
  const claims = jwt?.claims ?? {};
  return {
    subject,
    scopes: new Set([...scopeList(claims.scope), ...scopeList(claims.scp), ...scopeList(jwt?.scopes ?? [])]),
  };
}
