/**
 * Definitions that cannot work, refused when they are declared rather than found out at the first
 * request (or never: a list that is always empty, a unique value nobody checks). Each message
 * names what was declared and what to change, as a `DefinitionError`.
 */
import type * as core from "zod/v4/core";
import { DefinitionError } from "./definition-error.js";
import { recorderFunctionName } from "./describe/functions.js";
import { reservedKeyPrefixes, tableIndexes, tableLayout } from "./describe/table.js";
import { outputsStrings, scalarKindOf } from "./fields.js";
import { checkableContentTypes, fileIdParam } from "./files.js";
import type { KeyTemplate } from "./keys.js";
import type { Route } from "./routes.js";

/** What the file checks read of a slot (`FileSlot`, declared in define-entity.ts). */
interface FileSlotDraft {
  readonly multiple: boolean;
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
  readonly maxFiles?: number;
}

/** S3's largest single POST upload: 5 GiB. */
const maxPostBytes = 5 * 1024 ** 3;

/** What the checks read of an entity being declared (the options, with the derived parts). */
export interface EntityDraft {
  readonly name: string;
  readonly idSource: "subject" | "generated";
  readonly isRoot: boolean;
  /** The root's `creator` field (the caller's `sub`, never in the path), inherited by its children. */
  readonly creator: string | undefined;
  /** Whether this entity's own options name a `creator`. */
  readonly declaresCreator: boolean;
  /**
   * Whether items have an owner: the root ancestor's id is the caller's `sub` (`id: "subject"`). A
   * root keyed by its own generated id (a device) has none, nor have the items under it.
   */
  readonly owned: boolean;
  /** Who may call each operation. */
  readonly access: readonly string[];
  /** Id parameters from the root ancestor down to this entity. */
  readonly idParams: readonly string[];
  readonly keys: { readonly pk: KeyTemplate; readonly sk: KeyTemplate };
  /** The schema's fields, the ones a client may write. */
  readonly shape: Readonly<Record<string, core.$ZodType>>;
  readonly readOnlyFields: readonly string[];
  readonly unique: readonly string[];
  readonly filters: readonly string[];
  readonly listing: "partition" | "global";
  readonly shards: number | undefined;
  readonly ttlDays: number | undefined;
  readonly lists: boolean;
  readonly files: Readonly<Record<string, FileSlotDraft>>;
}

/** Throws a `DefinitionError` naming the first thing in `entity` that cannot work. */
export function refuseUnworkableEntity(entity: EntityDraft): void {
  const { name, idParams, keys } = entity;
  const writable = Object.keys(entity.shape);
  // The name is one `#`-separated part of the keys it namespaces (`UNIQUE#<ENTITY>#<FIELD>`, `TYPE#<ENTITY>`).
  if (name.includes("#")) {
    throw new DefinitionError(
      `Entity "${name}" has a "#" in its name, but the name is one "#"-separated part of its ` +
        `unique-value claims and list partition, where it could be read as another entity's: remove the "#".`,
    );
  }
  refuseOwnerlessOwnerAccess(entity);
  refuseUnworkableCreator(entity);
  const named = [...keys.pk.params, ...keys.sk.params];
  for (const param of named) {
    if (!idParams.includes(param)) {
      throw new DefinitionError(
        `Key of entity "${name}" uses {${param}}, which is not one of its id parameters ` +
          `(${idParams.join(", ")}): use only those in its key templates.`,
      );
    }
  }
  // The ancestors' ids are in the parent's partition key, which a child must share (`defineApp`).
  const own = idParams.at(-1) as string;
  if (!named.includes(own)) {
    throw new DefinitionError(
      `Key of entity "${name}" ("${keys.pk.template}" / "${keys.sk.template}") does not use {${own}}, ` +
        `so every ${name} would have the same key and overwrite the last: put {${own}} in the pk or sk.`,
    );
  }
  refuseReservedKeyPrefixes(name, keys);
  refuseUnworkableFiles(name, idParams, entity.files);
  for (const field of writable) {
    if (entity.readOnlyFields.includes(field)) {
      throw new DefinitionError(
        `Entity "${name}" declares "${field}" as writable, but it is server-managed: remove it from the schema.`,
      );
    }
  }
  refuseUnknownFields(name, writable, "unique", entity.unique);
  refuseUnknownFields(name, writable, "filters", entity.filters);
  // A claim reserves a string (`UNIQUE#<ENTITY>#<FIELD>#<value>`); the store claims nothing else.
  for (const field of entity.unique) {
    if (!outputsStrings(entity.shape[field] as core.$ZodType)) {
      throw new DefinitionError(
        `Entity "${name}" lists "${field}" in unique, but its schema allows values other than strings, ` +
          `and only string values can be claimed: make "${field}" a string (z.string(), a string enum) ` +
          "or remove it from unique.",
      );
    }
  }
  refuseUnservableFilters(entity);
  refuseUnworkableListingOptions(entity);
  // A root entity's partition holds one owner's items; with a placeholder in its pk there is no
  // one partition to list (a literal pk, every item in one partition, lists fine).
  const partitionParams = keys.pk.params.filter((param) => param !== entity.creator);
  if (entity.isRoot && entity.lists && entity.listing === "partition" && partitionParams.length > 0) {
    throw new DefinitionError(
      `Entity "${name}" has no parent, so a "partition" list would query the literal partition ` +
        `"${keys.pk.prefix}" and find nothing: set listing: "global" to list every ${name} from the index, ` +
        "or remove the list operation.",
    );
  }
}

/**
 * Owner access compares the caller's `sub` with the root ancestor's id, so it needs that id to be a
 * `sub`. Items under a root keyed by its own id (devices) have no owner: their operations are public,
 * for any authenticated caller, or for admins (their files too: see `fileRoutes`).
 */
function refuseOwnerlessOwnerAccess(entity: EntityDraft): void {
  if (entity.owned) return;
  const { name } = entity;
  const ownerAccess = entity.access.find((access) => access === "owner" || access === "ownerOrAdmin");
  if (ownerAccess !== undefined) {
    throw new DefinitionError(
      `Entity "${name}" allows "${ownerAccess}" access, but its items have no owner: its root ancestor's id ` +
        'is generated, not the caller\'s subject. Use "public", "authenticated" or "admin" access, or give the ' +
        'root entity id: "subject".',
    );
  }
}

/**
 * A creator-owned tree: the root (generated id) names a field for the caller's `sub`, which is the
 * pk's only placeholder, so each caller's items are one partition no other caller can name. Its
 * operations are all the owner's: there is no path to another caller's items, for an admin either.
 */
function refuseUnworkableCreator(entity: EntityDraft): void {
  const { name, creator } = entity;
  if (entity.declaresCreator && (!entity.isRoot || entity.idSource !== "generated")) {
    throw new DefinitionError(
      `Entity "${name}" names a creator, but only a root entity with id: "generated" is owned by its creator ` +
        `(${entity.isRoot ? 'id: "subject" is already the caller\'s own' : "a child is owned through its parent"}): remove creator.`,
    );
  }
  if (creator === undefined) return;
  const own = entity.idParams.at(-1) as string;
  const shared = entity.readOnlyFields.filter((field) => field === creator).length > 1;
  if (entity.declaresCreator && (!/^[a-z][a-zA-Z0-9]{0,62}$/.test(creator) || shared)) {
    throw new DefinitionError(
      `Entity "${name}" has creator "${creator}": name a field of its own (a lowercase letter, then letters or ` +
        'digits, not the id, a file slot or a field the store keeps), like "ownerId".',
    );
  }
  const pk = entity.keys.pk;
  if (entity.isRoot && (pk.params.length !== 1 || pk.params[0] !== creator)) {
    throw new DefinitionError(
      `Entity "${name}" is owned by its creator, so its pk must hold {${creator}} and no other id ` +
        `("${pk.template}" does not): use a pk like "OWNER#{${creator}}" and put {${own}} in the sk.`,
    );
  }
  if (entity.listing === "global") {
    throw new DefinitionError(
      `Entity "${name}" is owned by its creator, but listing: "global" would list every caller's items: ` +
        'remove listing (a "partition" list is the caller\'s own, newest first).',
    );
  }
  const other = entity.access.find((access) => access !== "owner");
  if (other !== undefined) {
    throw new DefinitionError(
      `Entity "${name}" allows "${other}" access, but its items are reached only by their creator (the ` +
        `{${creator}} in their key is the caller's sub, never a path parameter): use "owner" for every operation.`,
    );
  }
}

/** Each filter is served by an index of its own, whose key holds one string, number or boolean. */
function refuseUnservableFilters(entity: EntityDraft): void {
  const { name, filters } = entity;
  const most = tableLayout.filterIndexes.length;
  if (filters.length > most) {
    throw new DefinitionError(
      `Entity "${name}" lists ${filters.length} filters, but each is served by an index of its own and the ` +
        `table has ${most}: keep at most ${most} filters.`,
    );
  }
  if (new Set(filters).size !== filters.length) {
    throw new DefinitionError(`Entity "${name}" lists a field twice in filters: list each field once.`);
  }
  for (const field of filters) {
    if (scalarKindOf(entity.shape[field] as core.$ZodType) === undefined) {
      throw new DefinitionError(
        `Entity "${name}" lists "${field}" in filters, but an index key holds one string, number or boolean, ` +
          `and "${field}" allows other values: filter on a boolean, string, enum or number field.`,
      );
    }
  }
}

/** Shards spread a global listing; a TTL is a whole number of days. */
function refuseUnworkableListingOptions(entity: EntityDraft): void {
  const { name, shards, ttlDays } = entity;
  if (shards !== undefined) {
    if (entity.listing !== "global") {
      throw new DefinitionError(
        `Entity "${name}" sets shards, but only a "global" listing is spread over index partitions ` +
          '(a "partition" listing reads its parent\'s partition): set listing: "global" or remove shards.',
      );
    }
    if (!Number.isInteger(shards) || shards < 1 || shards > 16) {
      throw new DefinitionError(
        `Entity "${name}" has shards ${shards}: use a whole number from 1 to 16 (a page reads every shard).`,
      );
    }
  }
  if (ttlDays !== undefined && (!Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > 36_500)) {
    throw new DefinitionError(
      `Entity "${name}" has ttl.days ${ttlDays}: use a whole number of days from 1 to 36500.`,
    );
  }
}

function refuseUnknownFields(
  name: string,
  writable: readonly string[],
  option: string,
  fields: readonly string[],
): void {
  for (const field of fields) {
    if (!writable.includes(field)) {
      throw new DefinitionError(
        `Entity "${name}" lists "${field}" in ${option}, but its schema has no such field ` +
          `(fields: ${writable.join(", ") || "none"}): add it to the schema or remove it from ${option}.`,
      );
    }
  }
}

/**
 * File slots whose keys or tickets could not work: the slot's name is a path segment and a key
 * segment (`/accounts/{accountId}/picture`), the file id has a placeholder of its own, each type is a
 * media type the POST policy can pin, and the size fits one S3 POST.
 */
function refuseUnworkableFiles(
  name: string,
  idParams: readonly string[],
  files: Readonly<Record<string, FileSlotDraft>>,
): void {
  if (Object.keys(files).length > 0 && idParams.includes(fileIdParam)) {
    throw new DefinitionError(
      `Entity "${name}" has files and an id parameter named "${fileIdParam}", which file keys use for ` +
        "the file's own id: rename the id parameter.",
    );
  }
  for (const [slot, { contentTypes, maxBytes, maxFiles }] of Object.entries(files)) {
    if (!/^[a-z][a-zA-Z0-9]{0,62}$/.test(slot)) {
      throw new DefinitionError(
        `Entity "${name}" has a file slot "${slot}", but a slot's name is a path segment and a field: ` +
          'use a lowercase letter, then letters or digits (like "avatar").',
      );
    }
    const malformed = contentTypes.find((type) => !/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(type));
    if (contentTypes.length === 0 || malformed !== undefined) {
      throw new DefinitionError(
        `Entity "${name}" file slot "${slot}" ${malformed === undefined ? "allows no content type" : `allows ${JSON.stringify(malformed)}`}: ` +
          'list the lowercase media types it accepts, like "image/png".',
      );
    }
    const unchecked = contentTypes.find(
      (type) => !(checkableContentTypes as readonly string[]).includes(type),
    );
    if (unchecked !== undefined) {
      throw new DefinitionError(
        `Entity "${name}" file slot "${slot}" allows "${unchecked}", whose bytes the recorder cannot check, ` +
          `so no such upload could be recorded: allow only ${checkableContentTypes.join(", ")}.`,
      );
    }
    if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > maxPostBytes) {
      throw new DefinitionError(
        `Entity "${name}" file slot "${slot}" has maxBytes ${maxBytes}: use a whole number of bytes ` +
          `from 1 to ${maxPostBytes} (S3's largest POST upload).`,
      );
    }
    if (maxFiles !== undefined && (!Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > 100)) {
      throw new DefinitionError(
        `Entity "${name}" file slot "${slot}" has maxFiles ${maxFiles}: use a whole number from 1 to 100, ` +
          "so the item stays well below DynamoDB's 400 KB.",
      );
    }
  }
}

/**
 * A key that could begin with a prefix the store keeps its own items under: literally, or once a
 * placeholder is filled in (`{id}` alone, or `UNI{id}`, could render as `UNIQUE#…`).
 */
function refuseReservedKeyPrefixes(
  name: string,
  keys: { readonly pk: KeyTemplate; readonly sk: KeyTemplate },
): void {
  for (const { key, prefix, kind } of Object.values(reservedKeyPrefixes)) {
    const template = keys[key];
    const literal = template.prefix;
    const collides = literal.startsWith(prefix) || (template.params.length > 0 && prefix.startsWith(literal));
    if (collides) {
      throw new DefinitionError(
        `Entity "${name}" has ${key} "${template.template}", which ${literal.startsWith(prefix) ? "starts" : "could start"} ` +
          `with "${prefix}", the store's prefix for its ${kind}: begin the ${key} with a literal of its own, ` +
          `like "${name.toUpperCase()}#".`,
      );
    }
  }
}

/**
 * A parent whose partition is not its own (a creator's notes share the creator's partition) keeps
 * each item's children apart by sort key: the child's sk starts with the parent's, so one note's
 * checks are listed and swept under `NOTE#n1#…`, never with another note's. Their filters would
 * share one index partition across the parent's siblings, so they are refused.
 */
export function refuseChildrenMixedWithSiblings(entity: {
  readonly name: string;
  readonly parent:
    | { readonly name: string; readonly idParam: string; readonly keys: EntityDraft["keys"] }
    | undefined;
  readonly keys: EntityDraft["keys"];
  readonly filters: readonly string[];
}): void {
  const parent = entity.parent;
  if (parent === undefined || parent.keys.pk.params.includes(parent.idParam)) return;
  const scope = `${parent.keys.sk.template}#`;
  if (!entity.keys.sk.template.startsWith(scope)) {
    throw new DefinitionError(
      `Entity "${entity.name}" has sk "${entity.keys.sk.template}", but its parent "${parent.name}" shares its ` +
        `partition with other ${parent.name}s ({${parent.idParam}} is not in its pk), so a child's sk must start with ` +
        `the parent's: use an sk like "${scope}${entity.name.toUpperCase()}#{…}".`,
    );
  }
  if (entity.filters.length > 0) {
    throw new DefinitionError(
      `Entity "${entity.name}" has filters, but its parent "${parent.name}" shares its partition with other ` +
        `${parent.name}s, so a filter's index partition would mix their ${entity.name}s: remove filters.`,
    );
  }
}

/**
 * Entities of one app must have distinct names, ignoring case: the name namespaces their
 * unique-value claims and their list partition (`TYPE#ACCOUNT`), so two of one name would share them.
 */
export function refuseSameNamedEntities(entities: readonly { readonly name: string }[]): void {
  const seen = new Map<string, string>();
  for (const { name } of entities) {
    const other = seen.get(name.toUpperCase());
    if (other !== undefined) {
      throw new DefinitionError(
        `Entities "${other}" and "${name}" have the same name (ignoring case), so they would share ` +
          "unique-value claims and list partitions: give each entity its own name.",
      );
    }
    seen.set(name.toUpperCase(), name);
  }
}

/** A route key as API Gateway compares them: parameters of any name are the same segment. */
function routeShape(route: Pick<Route, "method" | "path">): string {
  return `${route.method} ${route.path.replace(/\{[^}]+\}/g, "{}")}`;
}

function describedRoute(route: Route): string {
  return route.kind === "custom"
    ? `custom route "${route.routeKey}"`
    : `the ${route.operation} route "${route.routeKey}"`;
}

/**
 * Custom routes that cannot be served beside the app's other routes: one API Gateway would read as
 * another route (the same method and path, parameters renamed or not), a function name another
 * function has, or an index the table does not have.
 */
export function refuseUnworkableCustomRoutes(routes: readonly Route[]): void {
  const indexes: readonly string[] = tableIndexes.map((index) => index.name);
  routes.forEach((route, position) => {
    if (route.kind !== "custom") return;
    const earlier = routes.slice(0, position);
    const same = earlier.find((other) => routeShape(other) === routeShape(route));
    if (same !== undefined) {
      throw new DefinitionError(
        `Custom route "${route.routeKey}" is the same route as ${describedRoute(same)} (API Gateway ` +
          "ignores parameter names): give the custom route a path of its own, or drop the other route.",
      );
    }
    const named = earlier.find((other) => other.functionName === route.functionName);
    if (named !== undefined || route.functionName === recorderFunctionName) {
      throw new DefinitionError(
        `Custom route "${route.routeKey}" has function "${route.functionName}", which ` +
          `${named === undefined ? "is the file recorder's" : `already serves ${describedRoute(named)}`}: give it a name of its own.`,
      );
    }
    const unknown = route.custom.permissions.indexes.find((index) => !indexes.includes(index));
    if (unknown !== undefined) {
      throw new DefinitionError(
        `Custom route "${route.routeKey}" queries index "${unknown}", which the table does not have: ` +
          `name one of its indexes (${indexes.join(", ")}).`,
      );
    }
  });
}
