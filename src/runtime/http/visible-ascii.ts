/**
 * "Visible ASCII" as API.md uses it for a token's `sub` and an `Idempotency-Key`: the printable
 * characters U+0021–U+007E (no space, no control or non-ASCII character), so such a value is
 * safe in a DynamoDB key, a header and a log line. The check and the OpenAPI `pattern` share one
 * character class.
 */
const visibleAsciiClass = "[!-~]";
const allVisibleAscii = new RegExp(`^${visibleAsciiClass}*$`);

export function isVisibleAscii(value: string, maxLength: number): boolean {
  return value.length >= 1 && value.length <= maxLength && allVisibleAscii.test(value);
}

/** The same rule as a JSON Schema `pattern`: `^[!-~]{1,128}$`. */
export function visibleAsciiPattern(maxLength: number): string {
  return `^${visibleAsciiClass}{1,${maxLength}}$`;
}
