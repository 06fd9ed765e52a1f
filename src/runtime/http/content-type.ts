/**
 * The media types a request body may declare (API.md, Conventions): `application/json` or any
 * `+json` type (`application/merge-patch+json` is PATCH's), in UTF-8 if a charset is named.
 * Anything else, or no Content-Type, is a 415 — which also keeps a browser's cross-site "simple
 * request" (`text/plain`, form types) from ever writing.
 */
import { UnsupportedMediaTypeProblem } from "./problems.js";

/** RFC 9110 §8.3.1 `type "/" subtype`, both tokens. */
const mediaType = /^([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)$/;

function isJsonType(type: string, subtype: string): boolean {
  return (type === "application" && subtype === "json") || subtype.endsWith("+json");
}

/** The `charset` parameter, unquoted and lower-cased; `undefined` when there is none. */
function charsetOf(parameters: readonly string[]): string | undefined {
  for (const parameter of parameters) {
    const separator = parameter.indexOf("=");
    if (separator < 0) continue;
    if (parameter.slice(0, separator).trim().toLowerCase() !== "charset") continue;
    return parameter
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
  }
  return undefined;
}

/**
 * The media type (`application/json`, lower-cased, no parameters) when a Content-Type value
 * declares a JSON body in UTF-8; `undefined` otherwise.
 */
export function jsonMediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const [essence = "", ...parameters] = value.split(";");
  const type = essence.trim().toLowerCase();
  const match = mediaType.exec(type);
  if (match === null || !isJsonType(match[1] as string, match[2] as string)) return undefined;
  const charset = charsetOf(parameters);
  return charset === undefined || charset === "utf-8" ? type : undefined;
}

/** Whether a Content-Type value declares a JSON body this API reads. */
export function isJsonContentType(value: string | undefined): boolean {
  return jsonMediaType(value) !== undefined;
}

/** Throws the 415 problem unless the request declares a JSON body. */
export function requireJsonContentType(headers: Readonly<Record<string, string>>, method: string): void {
  if (!isJsonContentType(headers["content-type"])) throw new UnsupportedMediaTypeProblem(method === "PATCH");
}
