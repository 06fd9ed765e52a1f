/**
 * Seed data for the local twin: every `<appDir>/seed/*.json` is loaded when the table is ready.
 * A file is one object whose keys are entity collections and whose values are items as a client
 * sees them, ids included (`{"accounts": [{"accountId": "ada", "handle": "ada"}], "notes": [...]}`).
 * Each item is validated like a create body and written by the store's own create request (keys,
 * timestamps, version, index attributes and unique claims as the API writes them), whose condition
 * `attribute_not_exists(PK)` makes a seed put-if-absent: a restart never overwrites an item that
 * exists, so local edits survive. Parents are written before their children.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { AnyEntity } from "../../model/index.js";
import { validateBody } from "../../runtime/handlers/validation.js";
import { ValidationProblem } from "../../runtime/http/problems.js";
import { conditionFailure, failedCondition } from "../../runtime/store/conditions.js";
import { buildCreate } from "../../runtime/store/operations/create.js";
import { cancellationReasons, send, sendTransaction } from "../../runtime/store/send.js";
import type { Store } from "../../runtime/store/store.js";

import { type SeedRejection, type SeedReport, seedFolder } from "./seed-report.js";

export { seedFolder };

interface SeedItem {
  readonly entity: AnyEntity;
  readonly where: string;
  readonly row: Readonly<Record<string, unknown>>;
}

/** The seed files of `appDir`, in name order; none without a seed folder. */
async function seedFiles(appDir: string): Promise<string[]> {
  const dir = join(appDir, seedFolder);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return names
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name));
}

/** Reads every seed file into items, rejecting what names no entity or is not an object. */
async function readSeedItems(
  entities: readonly AnyEntity[],
  appDir: string,
  files: readonly string[],
  rejected: SeedRejection[],
): Promise<SeedItem[]> {
  const items: SeedItem[] = [];
  for (const file of files) {
    const label = relative(appDir, file);
    let content: unknown;
    try {
      content = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      rejected.push({ where: label, reason: `not JSON (${(error as Error).message})` });
      continue;
    }
    if (typeof content !== "object" || content === null || Array.isArray(content)) {
      rejected.push({ where: label, reason: 'expected an object of collections, like {"accounts": [ … ]}' });
      continue;
    }
    for (const [collection, rows] of Object.entries(content)) {
      const entity = entities.find((candidate) => candidate.collection === collection);
      if (entity === undefined || !Array.isArray(rows)) {
        rejected.push({
          where: `${label} ${collection}`,
          reason:
            entity === undefined
              ? `no entity has the collection "${collection}" (collections: ${entities.map((e) => e.collection).join(", ")})`
              : "expected an array of items",
        });
        continue;
      }
      for (const [index, row] of rows.entries()) {
        const where = `${label} ${collection}[${index}]`;
        if (typeof row !== "object" || row === null || Array.isArray(row)) {
          rejected.push({ where, reason: "expected an object" });
        } else items.push({ entity, where, row: row as Record<string, unknown> });
      }
    }
  }
  // Parents first: a child's create checks that its parent exists.
  return items.sort((a, b) => a.entity.idParams.length - b.entity.idParams.length);
}

/** Writes one seed item if absent: "loaded", "skipped" (it exists) or the reason it was refused. */
async function seedItem(store: Store, { entity, row }: SeedItem): Promise<"loaded" | "skipped" | string> {
  const ids: Record<string, string> = {};
  for (const param of entity.idParams) {
    const id = row[param];
    if (typeof id !== "string" || id === "") return `needs its id "${param}" as a non-empty string`;
    ids[param] = id;
  }
  const fields = Object.fromEntries(Object.entries(row).filter(([name]) => !entity.idParams.includes(name)));
  let data: Record<string, unknown>;
  try {
    data = validateBody(entity, fields, "create");
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error;
    return error.errors.map(({ path, message }) => `${path}: ${message}`).join("; ");
  }
  const { [entity.idParam]: id, ...parentIds } = ids;
  const { request } = buildCreate(
    store.tableName,
    entity,
    { parentIds, ownerId: ids[entity.ownerParam] as string, data },
    { id: id as string, now: store.now(), incarnation: store.newIncarnation() },
  );
  if (request.kind === "put") {
    try {
      await send(store, new PutCommand(request.input));
      return "loaded";
    } catch (error) {
      if (conditionFailure(error) !== undefined) return "skipped";
      throw error;
    }
  }
  try {
    await sendTransaction(store, request.input);
    return "loaded";
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons === undefined) throw error;
    const failed = request.roles.filter((_, index) => failedCondition(reasons[index]));
    if (failed.some((role) => role.kind === "item")) return "skipped";
    const role = failed[0];
    if (role?.kind === "parent") return `its parent ${(entity.parent as AnyEntity).name} does not exist`;
    if (role?.kind === "unique") return `its ${role.field} is held by another ${entity.name}`;
    throw error;
  }
}

/** Loads the seed files of `appDir` into the store's table, put-if-absent. */
export async function loadSeed(
  store: Store,
  entities: readonly AnyEntity[],
  appDir: string,
): Promise<SeedReport> {
  const files = await seedFiles(appDir);
  const rejected: SeedRejection[] = [];
  const items = await readSeedItems(entities, appDir, files, rejected);
  let loaded = 0;
  let skipped = 0;
  for (const item of items) {
    const outcome = await seedItem(store, item);
    if (outcome === "loaded") loaded++;
    else if (outcome === "skipped") skipped++;
    else rejected.push({ where: item.where, reason: outcome });
  }
  return { files: files.map((file) => relative(appDir, file)), loaded, skipped, rejected };
}
