/**
 * Every planned entity declared for real (`defineEntity`, `defineApp`) before a file is written,
 * so what `defineEntity` refuses (a key that could collide with the store's own items, a name with
 * a `#`) is reported with its message instead of being written as an app that does not load.
 */
import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import { type AnyEntity, DefinitionError, defineApp, defineEntity } from "../../model/index.js";
import type { EntityPlan, FieldPlan, ImportPlan, Unsupported } from "./plan.js";
import { renderedOperations } from "./render.js";

function schemaOf(field: FieldPlan): core.$ZodType {
  const schema = field.type === "string" ? z.string() : field.type === "number" ? z.number() : z.boolean();
  return field.optional ? z.optional(schema) : schema;
}

/** The plan without the entities `defineEntity` or `defineApp` refuse (and their children), each reported. */
export function checkPlan(plan: ImportPlan): ImportPlan {
  const unsupported: Unsupported[] = [...plan.unsupported];
  const defined = new Map<string, AnyEntity>();
  const kept: EntityPlan[] = [];
  // Parents come before their children in the plan.
  for (const entity of plan.entities) {
    const part = `facet "${entity.facet}"`;
    const parent = entity.parent === undefined ? undefined : defined.get(entity.parent);
    if (entity.parent !== undefined && parent === undefined) {
      unsupported.push({ part, reason: `its parent ${entity.parent} was not imported` });
      continue;
    }
    try {
      const declared = defineEntity({
        name: entity.name,
        collection: entity.collection,
        idParam: entity.idParam,
        id: entity.id,
        ...(parent === undefined ? { listing: "global" as const } : { parent }),
        key: { pk: entity.pk.template, sk: entity.sk.template },
        schema: z.object(Object.fromEntries(entity.fields.map((field) => [field.name, schemaOf(field)]))),
        operations: renderedOperations(parent === undefined),
      });
      defineApp({
        name: plan.appName,
        api: { stage: "v1" },
        auth: { audience: [plan.appName], adminScope: `${plan.appName}/admin` },
        entities: [...defined.values(), declared],
      });
      defined.set(entity.name, declared);
      kept.push(entity);
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      unsupported.push({ part, reason: `Portico refuses the entity it maps to: ${error.message}` });
    }
  }
  return { ...plan, entities: kept, unsupported };
}
