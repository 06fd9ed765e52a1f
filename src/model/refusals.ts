/**
 * Definitions that cannot work, refused when they are declared rather than found out at the first
 * request (or never: a list that is always empty, a unique value nobody checks). Each message
 * names what was declared and what to change.
 */
import type { KeyTemplate } from "./keys.js";

/** What the checks read of an entity being declared (the options, with the derived parts). */
export interface EntityDraft {
  readonly name: string;
  readonly idSource: "subject" | "generated";
  readonly isRoot: boolean;
  /** Id parameters from the root ancestor down to this entity. */
  readonly idParams: readonly string[];
  readonly keys: { readonly pk: KeyTemplate; readonly sk: KeyTemplate };
  /** The schema's fields, the ones a client may write. */
  readonly writable: readonly string[];
  readonly readOnlyFields: readonly string[];
  readonly unique: readonly string[];
  readonly filters: readonly string[];
  readonly listing: "partition" | "global";
  readonly lists: boolean;
}

/** Throws a `TypeError` naming the first thing in `entity` that cannot work. */
export function refuseUnworkableEntity(entity: EntityDraft): void {
  const { name, idParams, keys } = entity;
  if (entity.isRoot && entity.idSource !== "subject") {
    throw new TypeError(
      `Entity "${name}" has no parent, so its id must be the caller's subject (id: "subject"): ` +
        "every item needs an owner.",
    );
  }
  const named = [...keys.pk.params, ...keys.sk.params];
  for (const param of named) {
    if (!idParams.includes(param)) {
      throw new TypeError(
        `Key of entity "${name}" uses {${param}}, which is not one of its id parameters (${idParams.join(", ")}).`,
      );
    }
  }
  // The ancestors' ids are in the parent's partition key, which a child must share (`defineApp`).
  const own = idParams.at(-1) as string;
  if (!named.includes(own)) {
    throw new TypeError(
      `Key of entity "${name}" ("${keys.pk.template}" / "${keys.sk.template}") does not use {${own}}, ` +
        `so every ${name} would have the same key and overwrite the last: put {${own}} in the pk or sk.`,
    );
  }
  for (const field of entity.writable) {
    if (entity.readOnlyFields.includes(field)) {
      throw new TypeError(`Entity "${name}" declares "${field}" as writable, but it is server-managed.`);
    }
  }
  refuseUnknownFields(entity, "unique", entity.unique);
  refuseUnknownFields(entity, "filters", entity.filters);
  // A root entity's partition holds one owner's items; with a placeholder in its pk there is no
  // one partition to list (a literal pk, every item in one partition, lists fine).
  if (entity.isRoot && entity.lists && entity.listing === "partition" && keys.pk.params.length > 0) {
    throw new TypeError(
      `Entity "${name}" has no parent, so a "partition" list would query the literal partition ` +
        `"${keys.pk.prefix}" and find nothing: set listing: "global" to list every ${name} from the index, ` +
        "or remove the list operation.",
    );
  }
}

function refuseUnknownFields(entity: EntityDraft, option: string, fields: readonly string[]): void {
  for (const field of fields) {
    if (!entity.writable.includes(field)) {
      throw new TypeError(
        `Entity "${entity.name}" lists "${field}" in ${option}, but its schema has no such field ` +
          `(fields: ${entity.writable.join(", ") || "none"}): add it to the schema or remove it from ${option}.`,
      );
    }
  }
}

/**
 * Entities of one app must have distinct names, ignoring case: the name namespaces their
 * unique-value claims and their list partition (`TYPE#USER`), so two of one name would share them.
 */
export function refuseSameNamedEntities(entities: readonly { readonly name: string }[]): void {
  const seen = new Map<string, string>();
  for (const { name } of entities) {
    const other = seen.get(name.toUpperCase());
    if (other !== undefined) {
      throw new TypeError(
        `Entities "${other}" and "${name}" have the same name (ignoring case), so they would share ` +
          "unique-value claims and list partitions: give each entity its own name.",
      );
    }
    seen.set(name.toUpperCase(), name);
  }
}
