/**
 * What an import will write, decided from the parsed model before anything is written: one entity
 * per facet (keys inferred from its sample items, parent from a shared partition key, fields from
 * the table's attribute types), the seed items, and every part that does not map, each with the
 * reason. Nothing the model holds is dropped without an entry in `unsupported`.
 */
import { metadataFields } from "../../model/index.js";
import { storageAttributes } from "../../runtime/store/table.js";
import { camelName, type InferredKey, inferKey, type KeyPart, matchKey } from "./infer-keys.js";
import type {
  AttributeTag,
  WorkbenchFacet,
  WorkbenchItem,
  WorkbenchModel,
  WorkbenchTable,
} from "./model-file.js";

export type FieldType = "string" | "number" | "boolean";

/** The attribute types that map to a field: S → `z.string()`, N → `z.number()`, BOOL → `z.boolean()`. */
const fieldTypes: Readonly<Partial<Record<string, FieldType>>> = {
  S: "string",
  N: "number",
  BOOL: "boolean",
};

export interface FieldPlan {
  readonly name: string;
  readonly type: FieldType;
  /** Absent from at least one sample item. */
  readonly optional: boolean;
}

export type SeedValue = string | number | boolean;

export interface EntityPlan {
  readonly facet: string;
  readonly name: string;
  readonly collection: string;
  readonly idParam: string;
  /** Id parameters from the root down to this entity: `["userId", "todoId"]`. */
  readonly idParams: readonly string[];
  readonly id: "subject" | "generated";
  /** The parent entity's name. */
  readonly parent: string | undefined;
  readonly pk: InferredKey;
  readonly sk: InferredKey;
  readonly fields: readonly FieldPlan[];
  /** Seed items in the seed file's form: id parameters and fields. */
  readonly seed: readonly Readonly<Record<string, SeedValue>>[];
}

/** One part of the model the import did not map, and why. */
export interface Unsupported {
  /** `facet "note"`, `attribute "tags" (L)`, `GSI "GSI2"` */
  readonly part: string;
  readonly reason: string;
}

export interface ImportPlan {
  readonly modelName: string;
  /** The app's name: lowercase letters, digits and dashes. */
  readonly appName: string;
  readonly tableName: string;
  readonly entities: readonly EntityPlan[];
  readonly unsupported: readonly Unsupported[];
  /** What was mapped with a change worth knowing (key attribute names). */
  readonly notes: readonly string[];
}

/** `Account Notes` → `account-notes`, within `defineApp`'s name rule. */
export function appNameOf(modelName: string): string {
  const slug = modelName
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  return /^[a-z][a-z0-9-]{1,62}$/.test(slug) ? slug : `app-${slug}`.slice(0, 63).replace(/-+$/, "");
}

/** `noteItem` → `note-items`: a path segment and the prefix of each function's name. */
function collectionOf(name: string): string {
  const kebab = name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return kebab.endsWith("s") ? kebab : `${kebab}s`;
}

function entityNameOf(facetName: string): string {
  const name = camelName(facetName);
  return name.length > 3 && name.endsWith("s") && !name.endsWith("ss") ? name.slice(0, -1) : name;
}

function tagOf(value: WorkbenchItem[string] | undefined): AttributeTag | undefined {
  return value === undefined ? undefined : (Object.keys(value)[0] as AttributeTag);
}

/** An attribute value as a seed value, for the types that map to a field. */
function seedValueOf(value: WorkbenchItem[string]): SeedValue | undefined {
  if ("S" in value && typeof value.S === "string") return value.S;
  if ("BOOL" in value && typeof value.BOOL === "boolean") return value.BOOL;
  if ("N" in value && typeof value.N === "string") {
    const number = Number(value.N);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

interface Draft {
  readonly facet: WorkbenchFacet;
  readonly name: string;
  readonly pk: InferredKey;
  readonly sk: InferredKey;
  readonly samples: readonly WorkbenchItem[];
}

/** Plans the import of `model`: its first table, each facet an entity. */
export function planImport(model: WorkbenchModel): ImportPlan {
  const unsupported: Unsupported[] = [];
  const notes: string[] = [];
  const [table, ...others] = model.DataModel as [WorkbenchTable, ...WorkbenchTable[]];
  for (const other of others) {
    unsupported.push({
      part: `table "${other.TableName}"`,
      reason: "Portico keeps an app in one table; only the first table of the model was imported",
    });
  }
  const plan = (entities: EntityPlan[]): ImportPlan => ({
    modelName: model.ModelName,
    appName: appNameOf(model.ModelName),
    tableName: table.TableName,
    entities,
    unsupported,
    notes,
  });
  const partitionKey = table.KeyAttributes.PartitionKey;
  const sortKey = table.KeyAttributes.SortKey;
  const facets = table.TableFacets ?? [];
  if (sortKey === undefined || partitionKey.AttributeType !== "S" || sortKey.AttributeType !== "S") {
    unsupported.push({
      part: `table "${table.TableName}"`,
      reason:
        sortKey === undefined
          ? "it has no sort key, and every Portico entity is keyed by a string partition and sort key"
          : `its keys are of type ${partitionKey.AttributeType}/${sortKey.AttributeType}, and Portico's are strings (S)`,
    });
    for (const facet of facets)
      unsupported.push({ part: `facet "${facet.FacetName}"`, reason: "its table's keys do not map" });
    return plan([]);
  }
  if (partitionKey.AttributeName !== "PK" || sortKey.AttributeName !== "SK") {
    notes.push(
      `The key attributes "${partitionKey.AttributeName}" / "${sortKey.AttributeName}" are stored as Portico's "PK" / "SK".`,
    );
  }
  for (const index of table.GlobalSecondaryIndexes ?? []) {
    const keys = [index.KeyAttributes.PartitionKey.AttributeName, index.KeyAttributes.SortKey?.AttributeName]
      .filter((name) => name !== undefined)
      .join(" / ");
    unsupported.push({
      part: `GSI "${index.IndexName}" (${keys})`,
      reason:
        'an entity definition cannot declare an index of its own: Portico keeps one index (GSI1) for `listing: "global"`; its key attributes were left out of the schemas',
    });
  }
  if ((table.LocalSecondaryIndexes ?? []).length > 0) {
    unsupported.push({
      part: `${table.LocalSecondaryIndexes?.length} LSI(s)`,
      reason: "Portico's table has no local secondary indexes",
    });
  }
  if (facets.length === 0) {
    unsupported.push({
      part: `table "${table.TableName}"`,
      reason: "it has no facets, and each entity is imported from a facet",
    });
  }

  const keyName = { pk: partitionKey.AttributeName, sk: sortKey.AttributeName };
  const drafts: Draft[] = [];
  for (const facet of facets) {
    const draft = draftOf(facet, keyName, unsupported);
    if (draft !== undefined) drafts.push(draft);
  }
  const entities = relate(drafts, unsupported).map((related) =>
    entityOf(related, table, keyName, unsupported),
  );
  return plan(withTableData(table, entities, keyName, unsupported));
}

function draftOf(
  facet: WorkbenchFacet,
  keyName: { readonly pk: string; readonly sk: string },
  unsupported: Unsupported[],
): Draft | undefined {
  const part = `facet "${facet.FacetName}"`;
  const samples = facet.TableData ?? [];
  const keyed = samples.filter(
    (item) => typeof item[keyName.pk]?.S === "string" && typeof item[keyName.sk]?.S === "string",
  );
  if (keyed.length < samples.length) {
    unsupported.push({
      part,
      reason: `${samples.length - keyed.length} sample item(s) have no string ${keyName.pk} and ${keyName.sk}; not seeded`,
    });
  }
  if (keyed.length === 0) {
    unsupported.push({ part, reason: "it has no sample items (TableData) to infer its key templates from" });
    return undefined;
  }
  const name = entityNameOf(facet.FacetName);
  const values = (key: string) => keyed.map((item) => item[key]?.S as string);
  const aliases = facet.KeyAttributeAlias;
  const pk = inferKey(values(keyName.pk), `${name}Id`, aliases.PartitionKeyAlias);
  let sk = inferKey(values(keyName.sk), `${name}Id`, aliases.SortKeyAlias);
  if ("problem" in pk || "problem" in sk) {
    const problem =
      "problem" in pk
        ? `${keyName.pk}: ${pk.problem}`
        : `${keyName.sk}: ${(sk as { problem: string }).problem}`;
    unsupported.push({ part, reason: `no key template fits its samples (${problem})` });
    return undefined;
  }
  // A sort-key placeholder named like a partition-key one is the same id only if the samples agree.
  for (const param of sk.params.filter((name) => pk.params.includes(name))) {
    const same = keyed.every((item) => {
      const pkIds = matchKey(pk, item[keyName.pk]?.S as string);
      const skIds = matchKey(sk as InferredKey, item[keyName.sk]?.S as string);
      return pkIds?.[param] === skIds?.[param];
    });
    if (!same) {
      const parts: KeyPart[] = (sk as InferredKey).parts.map((p) =>
        "param" in p && p.param === param ? { param: `${name}Id` } : p,
      );
      sk = {
        parts,
        params: parts.flatMap((p) => ("param" in p ? [p.param] : [])),
        template: parts.map((p) => ("literal" in p ? p.literal : `{${p.param}}`)).join("#"),
      };
    }
  }
  return { facet, name, pk, sk, samples: keyed };
}

interface Related extends Draft {
  readonly idParam: string;
  readonly parent: Related | undefined;
}

/**
 * Roots and children: facets that share a partition-key template are one family, whose parent is
 * the facet with the fewest placeholders (a constant sort key, like a profile's); the others live
 * in its partition. A family without one such facet, or a child with more than one id of its own,
 * does not map.
 */
function relate(drafts: readonly Draft[], unsupported: Unsupported[]): Related[] {
  const families = new Map<string, Draft[]>();
  for (const draft of drafts)
    families.set(draft.pk.template, [...(families.get(draft.pk.template) ?? []), draft]);
  const related: Related[] = [];
  const paramCount = (draft: Draft) => new Set([...draft.pk.params, ...draft.sk.params]).size;
  for (const family of families.values()) {
    const fewest = Math.min(...family.map(paramCount));
    const roots = family.filter((draft) => paramCount(draft) === fewest);
    const root = roots[0] as Draft;
    const part = (draft: Draft) => `facet "${draft.facet.FacetName}"`;
    if (roots.length > 1) {
      for (const draft of family) {
        unsupported.push({
          part: part(draft),
          reason: `facets ${roots.map((r) => `"${r.facet.FacetName}"`).join(", ")} share the partition key "${root.pk.template}" with as many placeholders each, so none can be told to be the parent`,
        });
      }
      continue;
    }
    const own = [...new Set([...root.pk.params, ...root.sk.params])];
    if (root.pk.params.length !== 1 || own.length !== 1) {
      unsupported.push({
        part: part(root),
        reason:
          root.pk.params.length === 0
            ? `its partition key "${root.pk.template}" is one constant, and a Portico root entity is partitioned by its owner's id`
            : `its keys "${root.pk.template}" / "${root.sk.template}" hold ${own.length} ids, and a root entity is keyed by one (its owner's)`,
      });
      for (const draft of family.filter((d) => d !== root)) {
        unsupported.push({
          part: part(draft),
          reason: `its parent, facet "${root.facet.FacetName}", does not map`,
        });
      }
      continue;
    }
    const parent: Related = { ...root, idParam: own[0] as string, parent: undefined };
    related.push(parent);
    for (const draft of family.filter((d) => d !== root)) {
      const extra = draft.sk.params.filter((param) => param !== parent.idParam);
      if (extra.length !== 1) {
        unsupported.push({
          part: part(draft),
          reason: `its sort key "${draft.sk.template}" holds ${extra.length} ids of its own besides {${parent.idParam}}; an entity under "${parent.facet.FacetName}" has exactly one`,
        });
        continue;
      }
      related.push({ ...draft, idParam: extra[0] as string, parent });
    }
  }
  return related;
}

function entityOf(
  draft: Related,
  table: WorkbenchTable,
  keyName: { readonly pk: string; readonly sk: string },
  unsupported: Unsupported[],
): EntityPlan {
  const idParams = [...(draft.parent === undefined ? [] : [draft.parent.idParam]), draft.idParam];
  const indexKeys = new Set(
    (table.GlobalSecondaryIndexes ?? []).flatMap((index) => [
      index.KeyAttributes.PartitionKey.AttributeName,
      index.KeyAttributes.SortKey?.AttributeName,
    ]),
  );
  const declared = new Map(
    (table.NonKeyAttributes ?? []).map((attribute) => [attribute.AttributeName, attribute.AttributeType]),
  );
  const sampled = [...new Set(draft.samples.flatMap((item) => Object.keys(item)))].filter(
    (name) => name !== keyName.pk && name !== keyName.sk,
  );
  const names = draft.facet.NonKeyAttributes ?? sampled;
  const fields: FieldPlan[] = [];
  const facetPart = `facet "${draft.facet.FacetName}"`;
  for (const name of sampled.filter((name) => !names.includes(name) && !indexKeys.has(name))) {
    unsupported.push({
      part: `${facetPart} attribute "${name}"`,
      reason:
        "its sample items have it, but the facet's NonKeyAttributes do not list it; left out of the schema and the seed",
    });
  }
  for (const name of names) {
    if (name === keyName.pk || name === keyName.sk || indexKeys.has(name)) continue;
    const type = declared.get(name) ?? tagOf(draft.samples.find((item) => item[name] !== undefined)?.[name]);
    const part = `${facetPart} attribute "${name}"${type === undefined ? "" : ` (${type})`}`;
    if (idParams.includes(name)) {
      unsupported.push({ part, reason: `the key holds it already, as {${name}}; not a field of its own` });
      continue;
    }
    if ((metadataFields as readonly string[]).includes(name) || storageAttributes.includes(name)) {
      unsupported.push({
        part,
        reason:
          "the store writes an attribute of this name itself (a timestamp, the version or a storage attribute); left out of the schema and the seed",
      });
      continue;
    }
    const fieldType = type === undefined ? undefined : fieldTypes[type];
    if (fieldType === undefined) {
      unsupported.push({
        part,
        reason:
          type === undefined
            ? "it has no declared type and no sample value"
            : `type ${type} has no field type yet (S, N and BOOL map); left out of the schema and the seed`,
      });
      continue;
    }
    fields.push({ name, type: fieldType, optional: draft.samples.some((item) => item[name] === undefined) });
  }
  const seed: Record<string, SeedValue>[] = [];
  for (const item of draft.samples) {
    const row = seedRowOf({ ...draft, idParams, fields }, item, keyName);
    if (row === undefined) {
      unsupported.push({
        part: facetPart,
        reason: `sample ${JSON.stringify(item[keyName.pk]?.S)} / ${JSON.stringify(item[keyName.sk]?.S)} has a value that does not fit its field; not seeded`,
      });
    } else seed.push(row);
  }
  const name = draft.name;
  return {
    facet: draft.facet.FacetName,
    name,
    collection: collectionOf(name),
    idParam: draft.idParam,
    idParams,
    id: draft.parent === undefined ? "subject" : "generated",
    parent: draft.parent?.name,
    pk: draft.pk,
    sk: draft.sk,
    fields,
    seed,
  };
}

/** The seed row of one item: its ids from its keys, and its fields' values. */
function seedRowOf(
  entity: {
    readonly pk: InferredKey;
    readonly sk: InferredKey;
    readonly idParams: readonly string[];
    readonly fields: readonly FieldPlan[];
  },
  item: WorkbenchItem,
  keyName: { readonly pk: string; readonly sk: string },
): Record<string, SeedValue> | undefined {
  const pkIds = matchKey(entity.pk, (item[keyName.pk]?.S as string | undefined) ?? "");
  const skIds = matchKey(entity.sk, (item[keyName.sk]?.S as string | undefined) ?? "");
  if (pkIds === undefined || skIds === undefined) return undefined;
  const ids = { ...pkIds, ...skIds };
  const row: Record<string, SeedValue> = {};
  for (const param of entity.idParams) {
    const id = ids[param];
    if (id === undefined) return undefined;
    row[param] = id;
  }
  for (const field of entity.fields) {
    const value = item[field.name];
    if (value === undefined) continue;
    const seedValue = seedValueOf(value);
    if (seedValue === undefined || typeof seedValue !== field.type) return undefined;
    row[field.name] = seedValue;
  }
  return row;
}

/**
 * The table's own `TableData` (a model may keep its items there rather than under each facet): an
 * item whose keys fit an entity's templates is seeded as one, unless a facet already seeds it.
 */
function withTableData(
  table: WorkbenchTable,
  entities: readonly EntityPlan[],
  keyName: { readonly pk: string; readonly sk: string },
  unsupported: Unsupported[],
): EntityPlan[] {
  const seeds = new Map(entities.map((entity) => [entity, [...entity.seed]]));
  let unmatched = 0;
  for (const item of table.TableData ?? []) {
    const seeded = entities.some((entity) => {
      const row = seedRowOf(entity, item, keyName);
      if (row === undefined) return false;
      const rows = seeds.get(entity) as Record<string, SeedValue>[];
      const same = (other: Readonly<Record<string, SeedValue>>) =>
        entity.idParams.every((param) => other[param] === row[param]);
      if (!rows.some(same)) rows.push(row);
      return true;
    });
    if (!seeded) unmatched++;
  }
  if (unmatched > 0) {
    unsupported.push({
      part: `table "${table.TableName}" TableData`,
      reason: `${unmatched} item(s) fit no imported entity's keys and fields; not seeded`,
    });
  }
  return entities.map((entity) => ({ ...entity, seed: seeds.get(entity) ?? entity.seed }));
}
