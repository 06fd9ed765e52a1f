/**
 * Key templates read from sample key values: the values are split on `#`, a part that is the same
 * upper-case tag in every sample stays literal (`ACCOUNT`, `PROFILE`), any other part is a placeholder
 * named for the tag before it (`ACCOUNT#alice` → `ACCOUNT#{accountId}`). One sample is enough: `alice` is no
 * tag, so it varies. A facet's key alias that spells the template (`ACCOUNT#<accountId>` or
 * `ACCOUNT#{accountId}`) names the placeholders and marks them even where every sample agrees. Values of
 * different shapes have no one template, and say so.
 */

/** `<accountId>` or `{accountId}`: a placeholder as a key alias writes one. */
const aliasPlaceholder = /^[<{]([A-Za-z][A-Za-z0-9_]*)[>}]$/;

/** A tag: what a modeller writes as a fixed part of a key (`ACCOUNT`, `ORDER_ITEM`), never an id. */
const tagPattern = /^[A-Z][A-Z0-9_]*$/;

export type KeyPart = { readonly literal: string } | { readonly param: string };

export interface InferredKey {
  /** `ACCOUNT#{accountId}` */
  readonly template: string;
  readonly parts: readonly KeyPart[];
  readonly params: readonly string[];
}

/** `ORDER_ITEM` → `orderItem` */
export function camelName(text: string): string {
  const words = text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
  const name = words
    .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join("");
  return /^[a-z]/.test(name) ? name : `x${name}`;
}

/**
 * The template the values share, or why there is none. `fallback` names a placeholder with no tag
 * before it (`{accountId}` for a bare `alice`); `alias` is the facet's key alias, if it spells a template.
 */
export function inferKey(
  values: readonly string[],
  fallback: string,
  alias?: string,
): InferredKey | { readonly problem: string } {
  const split = values.map((value) => value.split("#"));
  const length = split[0]?.length ?? 0;
  if (length === 0) return { problem: "no sample values" };
  if (split.some((parts) => parts.length !== length)) {
    const shapes = [...new Set(values.map((value) => value.split("#").length))].join(", ");
    return {
      problem: `the sample values have different numbers of "#"-separated parts (${shapes}): ${values
        .slice(0, 3)
        .map((v) => JSON.stringify(v))
        .join(", ")}`,
    };
  }
  const hints = alias?.split("#");
  const named = hints?.length === length ? hints.map((hint) => aliasPlaceholder.exec(hint)?.[1]) : [];
  const parts: KeyPart[] = [];
  const params: string[] = [];
  for (let position = 0; position < length; position++) {
    const column = split.map((segments) => segments[position] as string);
    const first = column[0] as string;
    const hinted = named[position];
    if (hinted !== undefined && !params.includes(hinted)) {
      parts.push({ param: hinted });
      params.push(hinted);
      continue;
    }
    if (column.every((value) => value === first) && tagPattern.test(first)) {
      parts.push({ literal: first });
      continue;
    }
    const before = parts.at(-1);
    let name = before !== undefined && "literal" in before ? `${camelName(before.literal)}Id` : fallback;
    for (let suffix = 2; params.includes(name); suffix++) name = `${name.replace(/\d+$/, "")}${suffix}`;
    parts.push({ param: name });
    params.push(name);
  }
  const template = parts.map((part) => ("literal" in part ? part.literal : `{${part.param}}`)).join("#");
  return { template, parts, params };
}

/** The parameter values of `value` under `key`, or `undefined` when it does not fit the template. */
export function matchKey(key: InferredKey, value: string): Record<string, string> | undefined {
  const segments = value.split("#");
  if (segments.length !== key.parts.length) return undefined;
  const ids: Record<string, string> = {};
  for (const [index, part] of key.parts.entries()) {
    const segment = segments[index] as string;
    if ("literal" in part) {
      if (segment !== part.literal) return undefined;
    } else {
      if (segment === "" || (ids[part.param] !== undefined && ids[part.param] !== segment)) return undefined;
      ids[part.param] = segment;
    }
  }
  return ids;
}
