/**
 * The data model NoSQL Workbench for DynamoDB exports (`ModelName`, `DataModel[]` of tables with
 * `KeyAttributes`, `NonKeyAttributes`, `TableFacets`, `GlobalSecondaryIndexes`, `TableData`), as a zod
 * schema. Keys Portico does not read (`ModelMetadata`, `DataAccess`, `BillingMode`,
 * `ProvisionedCapacitySettings`) are let through; what it reads must have the export's shape, and a
 * file that does not is refused with the JSON path at fault.
 */
import * as z from "zod";
import { WorkbenchFileError } from "../errors.js";

/** The type tags of DynamoDB JSON (`{"S": "text"}`, `{"N": "12"}`, …). */
const attributeTags = ["S", "N", "BOOL", "NULL", "L", "M", "SS", "NS", "BS", "B"] as const;
export type AttributeTag = (typeof attributeTags)[number];

/** One attribute value in DynamoDB JSON: an object with exactly one type tag. */
const attributeValue = z
  .record(z.string(), z.unknown())
  .refine(
    (value) =>
      Object.keys(value).length === 1 && attributeTags.includes(Object.keys(value)[0] as AttributeTag),
    {
      message: `expected a DynamoDB JSON value, one of ${attributeTags.map((tag) => `{"${tag}": …}`).join(", ")}`,
    },
  );

/** An item in DynamoDB JSON: `{"PK": {"S": "ACCOUNT#alice"}, …}`. */
const item = z.record(z.string(), attributeValue);
export type WorkbenchItem = z.infer<typeof item>;

const attributeDefinition = z.looseObject({
  AttributeName: z.string().min(1),
  AttributeType: z.string().min(1),
});

const keyAttributes = z.looseObject({
  PartitionKey: attributeDefinition,
  SortKey: z.optional(attributeDefinition),
});

const facet = z.looseObject({
  FacetName: z.string().min(1),
  KeyAttributeAlias: z.looseObject({
    PartitionKeyAlias: z.string(),
    SortKeyAlias: z.optional(z.string()),
  }),
  TableData: z.optional(z.array(item)),
  NonKeyAttributes: z.optional(z.array(z.string())),
});
export type WorkbenchFacet = z.infer<typeof facet>;

const index = z.looseObject({ IndexName: z.string().min(1), KeyAttributes: keyAttributes });
export type WorkbenchIndex = z.infer<typeof index>;

const table = z.looseObject({
  TableName: z.string().min(1),
  KeyAttributes: keyAttributes,
  NonKeyAttributes: z.optional(z.array(attributeDefinition)),
  TableFacets: z.optional(z.array(facet)),
  GlobalSecondaryIndexes: z.optional(z.array(index)),
  LocalSecondaryIndexes: z.optional(z.array(z.unknown())),
  TableData: z.optional(z.array(item)),
});
export type WorkbenchTable = z.infer<typeof table>;

const workbenchModel = z.looseObject({
  ModelName: z.string().min(1),
  DataModel: z.array(table).min(1),
});
export type WorkbenchModel = z.infer<typeof workbenchModel>;

/** `DataModel[0].TableFacets[1].FacetName`, the way the path reads in the file. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`,
    "",
  );
}

/** Parses the file's text as a Workbench export; a `WorkbenchFileError` names the first paths at fault. */
export function parseWorkbenchModel(file: string, text: string): WorkbenchModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WorkbenchFileError(file, `not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = workbenchModel.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${jsonPath(issue.path) || "(the top level)"}: ${issue.message}`);
  const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : "";
  throw new WorkbenchFileError(file, `${problems.join("; ")}${more}`, { cause: parsed.error });
}
