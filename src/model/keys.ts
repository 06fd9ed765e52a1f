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
  /**
   * The key rendered up to the first placeholder `values` has no value for: the `begins_with`
   * prefix of the keys under those values (`"NOTE#{noteId}#CHECK#{checkId}"` with a `noteId` gives
   * `"NOTE#n1#CHECK#"`, one note's checks and not another's).
   */
  scopePrefix(values: Readonly<Record<string, string>>): string;
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
    scopePrefix(values) {
      let prefix = "";
      let last = 0;
      for (const match of template.matchAll(placeholder)) {
        const value = values[match[1] as string];
        prefix += template.slice(last, match.index);
        if (value === undefined || value === "") return prefix;
        prefix += value;
        last = match.index + match[0].length;
      }
      return prefix + template.slice(last);
    },
  };
}
