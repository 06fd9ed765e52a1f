/**
 * Key templates: `"ACCOUNT#{accountId}"` → a function of the path/id values. Keys are declared once on
 * the entity and derived everywhere else, never concatenated by hand in handlers.
 */

const placeholder = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export interface KeyTemplate {
  readonly template: string;
  /** The names of the `{param}` placeholders, in order. */
  readonly params: readonly string[];
  /** The literal text before the first placeholder: a `begins_with` prefix for queries. */
  readonly prefix: string;
  render(values: Readonly<Record<string, string>>): string;
}

/** Compiles `"NOTE#{noteId}"` into a renderer that fails loudly on a missing value. */
export function keyTemplate(template: string): KeyTemplate {
  const params = [...template.matchAll(placeholder)].map((match) => match[1] as string);
  const firstBrace = template.indexOf("{");
  return {
    template,
    params,
    prefix: firstBrace === -1 ? template : template.slice(0, firstBrace),
    render(values) {
      return template.replace(placeholder, (_, name: string) => {
        const value = values[name];
        if (value === undefined || value === "") {
          throw new TypeError(`Key template "${template}" needs a value for {${name}}, got none.`);
        }
        return value;
      });
    },
  };
}
