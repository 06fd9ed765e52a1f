/**
 * The files an import writes, as text: one `defineEntity` module per entity, the app's
 * `portico.config.ts`, the seed file (the format seed.ts reads) and the report of what did not map.
 * Defaults the imported entities get (documented in the README, "Import a NoSQL Workbench model"):
 * every operation; a root entity is its caller's own (`id: "subject"`: created by any signed-in
 * caller, read and changed by its owner or an admin, listed by admins from `GSI1`); a child is
 * created and changed by its owner, read and listed by its owner or an admin.
 */
import type { Access, Operation } from "../../model/index.js";
import type { EntityPlan, FieldPlan, ImportPlan } from "./plan.js";

const rootOperations: Readonly<Record<Operation, Access>> = {
  create: "authenticated",
  list: "admin",
  get: "ownerOrAdmin",
  replace: "ownerOrAdmin",
  patch: "ownerOrAdmin",
  delete: "ownerOrAdmin",
};

const childOperations: Readonly<Record<Operation, Access>> = {
  create: "owner",
  list: "ownerOrAdmin",
  get: "ownerOrAdmin",
  replace: "owner",
  patch: "owner",
  delete: "owner",
};

/** The operations an imported entity gets, with who may call each (see the module's header). */
export function renderedOperations(isRoot: boolean): Readonly<Record<Operation, Access>> {
  return isRoot ? rootOperations : childOperations;
}

/** The module variable and file name of an entity: `note-items` → `noteItems`. */
export function moduleNameOf(entity: EntityPlan): string {
  return entity.collection.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propertyName(name: string): string {
  return identifier.test(name) ? name : JSON.stringify(name);
}

function fieldSchema(field: FieldPlan): string {
  const schema = `z.${field.type}()`;
  return field.optional ? `z.optional(${schema})` : schema;
}

export function renderEntity(plan: ImportPlan, entity: EntityPlan): string {
  const parent = plan.entities.find((candidate) => candidate.name === entity.parent);
  const operations = renderedOperations(parent === undefined);
  const lines = [
    `/** ${entity.name}: imported from facet "${entity.facet}" of the NoSQL Workbench model "${plan.modelName}". */`,
    'import { defineEntity } from "portico/model";',
    'import * as z from "zod/mini";',
    ...(parent === undefined
      ? []
      : [`import { ${moduleNameOf(parent)} } from "./${moduleNameOf(parent)}.js";`]),
    "",
    `export const ${moduleNameOf(entity)} = defineEntity({`,
    `  name: ${JSON.stringify(entity.name)},`,
    `  collection: ${JSON.stringify(entity.collection)},`,
    `  idParam: ${JSON.stringify(entity.idParam)},`,
    `  id: ${JSON.stringify(entity.id)},`,
    ...(parent === undefined ? [] : [`  parent: ${moduleNameOf(parent)},`]),
    `  key: { pk: ${JSON.stringify(entity.pk.template)}, sk: ${JSON.stringify(entity.sk.template)} },`,
    "  schema: z.object({",
    ...entity.fields.map((field) => `    ${propertyName(field.name)}: ${fieldSchema(field)},`),
    "  }),",
    // A root is listed across owners from the sparse index; a child from its parent's partition.
    ...(parent === undefined ? ['  listing: "global",'] : []),
    "  operations: {",
    ...Object.entries(operations).map(
      ([operation, access]) => `    ${operation}: ${JSON.stringify(access)},`,
    ),
    "  },",
    "});",
    "",
  ];
  return lines.join("\n");
}

export function renderConfig(plan: ImportPlan): string {
  const modules = plan.entities.map(moduleNameOf);
  return [
    `/** ${plan.appName}: imported from the NoSQL Workbench model "${plan.modelName}" (see import-report.md). */`,
    'import { defineApp } from "portico/model";',
    ...[...modules].sort().map((name) => `import { ${name} } from "./entities/${name}.js";`),
    "",
    "export const app = defineApp({",
    `  name: ${JSON.stringify(plan.appName)},`,
    '  api: { stage: "v1" },',
    `  auth: { audience: [${JSON.stringify(plan.appName)}], adminScope: ${JSON.stringify(`${plan.appName}/admin`)} },`,
    `  entities: [${modules.join(", ")}],`,
    "});",
    "",
    "export default app;",
    "",
  ].join("\n");
}

/** The seed file: each entity's items under its collection. */
export function renderSeed(plan: ImportPlan): string {
  const seed = Object.fromEntries(
    plan.entities
      .filter((entity) => entity.seed.length > 0)
      .map((entity) => [entity.collection, entity.seed]),
  );
  return `${JSON.stringify(seed, null, 2)}\n`;
}

/** The report, printed and written beside the app as `import-report.md`. */
export function renderReport(plan: ImportPlan, written: readonly string[]): string {
  const lines = [
    `# Import of the NoSQL Workbench model "${plan.modelName}"`,
    "",
    `Table "${plan.tableName}" → app "${plan.appName}".`,
    "",
    "## Entities",
    ...(plan.entities.length === 0 ? ["", "None could be imported."] : [""]),
    ...plan.entities.map(
      (entity) =>
        `- ${entity.name} (facet "${entity.facet}"): ${entity.pk.template} / ${entity.sk.template}, id ${entity.id}` +
        `${entity.parent === undefined ? "" : `, under ${entity.parent}`}, ${entity.fields.length} field(s), ${entity.seed.length} seed item(s)`,
    ),
    "",
    "## Not imported",
    "",
    ...(plan.unsupported.length === 0
      ? ["Nothing: every part of the model was mapped."]
      : plan.unsupported.map(({ part, reason }) => `- ${part}: ${reason}`)),
    ...(plan.notes.length === 0 ? [] : ["", "## Notes", "", ...plan.notes.map((note) => `- ${note}`)]),
    "",
    "## Written",
    "",
    ...written.map((file) => `- ${file}`),
    "",
  ];
  return lines.join("\n");
}
