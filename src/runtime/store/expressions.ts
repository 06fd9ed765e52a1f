/**
 * Builds DynamoDB expressions with every attribute name aliased (`#version`), since hundreds of
 * ordinary words (`name`, `status`, `size`, …) are reserved, and readable value placeholders
 * (`:version`) so a command's exact input reads well in a unit test.
 */

export class Expressions {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};

  /** The alias of an attribute name, e.g. `#dueAt`; the same name always gets the same alias. */
  name(attribute: string): string {
    const base = `#${attribute.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let alias = base;
    for (let n = 2; this.names[alias] !== undefined && this.names[alias] !== attribute; n++)
      alias = `${base}${n}`;
    this.names[alias] = attribute;
    return alias;
  }

  /** A placeholder for a value, e.g. `:version`; a label used twice gets a numbered twin. */
  value(label: string, value: unknown): string {
    const base = `:${label.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let placeholder = base;
    for (let n = 2; placeholder in this.values; n++) placeholder = `${base}${n}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** The `ExpressionAttributeNames`/`Values` to send; values are omitted when there are none. */
  attributes(): {
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    const names = { ExpressionAttributeNames: { ...this.names } };
    return Object.keys(this.values).length === 0
      ? names
      : { ...names, ExpressionAttributeValues: { ...this.values } };
  }
}
