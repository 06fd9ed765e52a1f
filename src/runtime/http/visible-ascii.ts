/**
 * "Visible ASCII" as API.md uses it for a token's `sub` and an `Idempotency-Key`: the printable
 * characters U+0021–U+007E (no space, no control or non-ASCII character), so such a value is
 * safe in a DynamoDB key, a header and a log line.
 */
export function isVisibleAscii(value: string, maxLength: number): boolean {
  return value.length >= 1 && value.length <= maxLength && /^[\x21-\x7e]*$/.test(value);
}
