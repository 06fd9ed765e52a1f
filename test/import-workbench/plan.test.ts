import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WorkbenchFileError } from "../../src/cli/errors.js";
import { checkPlan } from "../../src/cli/import-workbench/check-plan.js";
import { parseWorkbenchModel } from "../../src/cli/import-workbench/model-file.js";
import { planImport } from "../../src/cli/import-workbench/plan.js";

const fixture = "test/fixtures/workbench/swifty-planner.json";
const plan = (model: unknown) =>
  checkPlan(planImport(parseWorkbenchModel("model.json", JSON.stringify(model))));
const S = (value: string) => ({ S: value });

/** A model with every kind of part the import cannot map, beside one facet it can. */
const awkward = {
  ModelName: "Shop",
  DataModel: [
    {
      TableName: "Shop",
      KeyAttributes: {
        PartitionKey: { AttributeName: "pk", AttributeType: "S" },
        SortKey: { AttributeName: "sk", AttributeType: "S" },
      },
      NonKeyAttributes: [
        { AttributeName: "name", AttributeType: "S" },
        { AttributeName: "price", AttributeType: "N" },
        { AttributeName: "tags", AttributeType: "L" },
        { AttributeName: "address", AttributeType: "M" },
        { AttributeName: "photo", AttributeType: "B" },
        { AttributeName: "byCity", AttributeType: "S" },
      ],
      TableFacets: [
        {
          FacetName: "Customers",
          KeyAttributeAlias: { PartitionKeyAlias: "pk", SortKeyAlias: "sk" },
          TableData: [
            {
              pk: S("CUSTOMER#c1"),
              sk: S("DETAILS"),
              name: S("Ada"),
              price: { N: "3.5" },
              tags: { L: [S("vip")] },
              address: { M: { city: S("Paris") } },
              photo: { B: "AAAA" },
              byCity: S("Paris"),
              nickname: S("Countess"),
            },
          ],
          NonKeyAttributes: ["name", "price", "tags", "address", "photo", "byCity"],
        },
        { FacetName: "Orders", KeyAttributeAlias: { PartitionKeyAlias: "pk", SortKeyAlias: "sk" } },
        {
          FacetName: "Settings",
          KeyAttributeAlias: { PartitionKeyAlias: "pk", SortKeyAlias: "sk" },
          TableData: [{ pk: S("SETTINGS"), sk: S("GLOBAL") }],
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: "ByCity",
          KeyAttributes: { PartitionKey: { AttributeName: "byCity", AttributeType: "S" } },
          Projection: { ProjectionType: "ALL" },
        },
      ],
      LocalSecondaryIndexes: [{ IndexName: "ByPrice" }],
      // The table's own items: one fits the customer facet, one repeats a facet's sample, one fits nothing.
      TableData: [
        { pk: S("CUSTOMER#c2"), sk: S("DETAILS"), name: S("Grace") },
        { pk: S("CUSTOMER#c1"), sk: S("DETAILS"), name: S("Ada") },
        { pk: S("WAREHOUSE#w1"), sk: S("W") },
      ],
    },
    { TableName: "Audit", KeyAttributes: { PartitionKey: { AttributeName: "id", AttributeType: "S" } } },
  ],
};

describe("planImport", () => {
  it("maps SwiftyPlanner's facets to its entities: keys, parent, id source and fields", () => {
    const { entities } = checkPlan(planImport(parseWorkbenchModel(fixture, readFileSync(fixture, "utf8"))));
    expect(
      entities.map(({ name, collection, idParam, id, parent, pk, sk }) => ({
        name,
        collection,
        idParam,
        id,
        parent,
        key: `${pk.template} / ${sk.template}`,
      })),
    ).toEqual([
      {
        name: "user",
        collection: "users",
        idParam: "userId",
        id: "subject",
        parent: undefined,
        key: "USER#{userId} / PROFILE",
      },
      {
        name: "todo",
        collection: "todos",
        idParam: "todoId",
        id: "generated",
        parent: "user",
        key: "USER#{userId} / TODO#{todoId}",
      },
    ]);
    expect(entities[1]?.fields).toEqual([
      { name: "title", type: "string", optional: false },
      { name: "notes", type: "string", optional: true },
      { name: "done", type: "boolean", optional: false },
      { name: "dueAt", type: "string", optional: true },
    ]);
  });

  it("reports every part it cannot map, and still maps the rest", () => {
    const result = plan(awkward);
    expect(result.entities.map((entity) => entity.name)).toEqual(["customer"]);
    expect(result.entities[0]?.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
      "name:string",
      "price:number",
    ]);
    expect(result.entities[0]?.seed).toEqual([
      { customerId: "c1", name: "Ada", price: 3.5 },
      { customerId: "c2", name: "Grace" },
    ]);
    const parts = result.unsupported.map(({ part }) => part);
    expect(parts).toEqual(
      expect.arrayContaining([
        'table "Audit"',
        'GSI "ByCity" (byCity)',
        "1 LSI(s)",
        'facet "Customers" attribute "tags" (L)',
        'facet "Customers" attribute "address" (M)',
        'facet "Customers" attribute "photo" (B)',
        'facet "Customers" attribute "nickname"',
        'facet "Orders"',
        'facet "Settings"',
        'table "Shop" TableData',
      ]),
    );
    const reason = (part: string) => result.unsupported.find((entry) => entry.part === part)?.reason;
    expect(reason('facet "Orders"')).toContain("no sample items");
    expect(reason('table "Shop" TableData')).toBe(
      "1 item(s) fit no imported entity's keys and fields; not seeded",
    );
    expect(reason('facet "Settings"')).toContain("is one constant");
    expect(reason('facet "Customers" attribute "tags" (L)')).toContain("type L has no field type yet");
    expect(result.notes).toEqual(['The key attributes "pk" / "sk" are stored as Portico\'s "PK" / "SK".']);
  });

  it("reports an entity Portico refuses, with defineEntity's own message", () => {
    const model = structuredClone(awkward);
    const facet = model.DataModel[0]?.TableFacets?.[0];
    if (facet?.TableData?.[0] === undefined) throw new Error("fixture");
    facet.TableData[0].pk = S("UNIQUE#c1");
    const result = plan(model);
    expect(result.entities).toEqual([]);
    expect(result.unsupported.find((entry) => entry.part === 'facet "Customers"')?.reason).toContain(
      'which starts with "UNIQUE#"',
    );
  });
});

describe("parseWorkbenchModel", () => {
  it("names the JSON path at fault in a file that is not an export", () => {
    const broken = structuredClone(awkward) as unknown as {
      DataModel: { TableFacets: { KeyAttributeAlias?: unknown }[] }[];
    };
    delete broken.DataModel[0]?.TableFacets[1]?.KeyAttributeAlias;
    expect(() => parseWorkbenchModel("shop.json", JSON.stringify(broken))).toThrow(
      /shop\.json is not a NoSQL Workbench data model: DataModel\[0\]\.TableFacets\[1\]\.KeyAttributeAlias: /,
    );
    expect(() => parseWorkbenchModel("shop.json", "{")).toThrow(WorkbenchFileError);
    expect(() =>
      parseWorkbenchModel(
        "shop.json",
        JSON.stringify({
          ModelName: "x",
          DataModel: [
            {
              TableName: "t",
              KeyAttributes: { PartitionKey: { AttributeName: "PK", AttributeType: "S" } },
              TableData: [{ PK: { X: "1" } }],
            },
          ],
        }),
      ),
    ).toThrow(/DataModel\[0\]\.TableData\[0\]\.PK: expected a DynamoDB JSON value/);
  });
});
