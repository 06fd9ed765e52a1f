/**
 * DynamoDB Local's jar as the JVM's class-data sharing (AppCDS, class-data-archive.ts) accepts it.
 *
 * Why a copy: the jar's manifest puts `.` (its own folder, never empty), `log4j2.xml` and the
 * sqlite4java native libraries on its Class-Path. The JVM refuses to write an archive for a class
 * path with a non-empty directory ("Cannot have non-empty directory in paths"), and disables one
 * whose non-jar entries exist at run time though they did not count when it was written. None of
 * those entries holds a class (the natives load from `-Djava.library.path`), so a copy whose
 * Class-Path keeps only the `.jar` entries loads the same classes. It lives in `archivable/` beside
 * the original, keeps its name (`ps` and the tests find DynamoDB Local by it) and points at
 * `../DynamoDBLocal_lib/…`.
 *
 * Written once, atomically and never replaced: a temporary file is hard-linked into place, which
 * fails rather than overwrite when another process got there first. An archive is valid only for
 * the jar's exact size and modification time, so a replaced copy would void it.
 */
import { existsSync } from "node:fs";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { errorCode } from "./cache-lock.js";
import { readManifest, withManifest } from "./jar-manifest.js";
import type { DynamoDbLocalPaths } from "./obtain-dynamodb-local.js";

/** The folder beside DynamoDB Local's jar that holds the archivable copy and its archives. */
export const ARCHIVABLE_DIR = "archivable";

/** A manifest line holds at most 72 bytes; a continuation line starts with one space. */
const MANIFEST_LINE_BYTES = 72;

/**
 * The manifest with a Class-Path of only its `.jar` entries, each prefixed by `prefix` (`../` from
 * a copy one folder down). Other attributes are kept as they are.
 */
export function archivableManifest(manifest: string, prefix: string): string {
  const [main = "", ...sections] = manifest.split(/\r?\n\r?\n/);
  const attributes = main.replace(/\r?\n /g, "").split(/\r?\n/);
  const rewritten = attributes.map((line) => {
    const match = /^Class-Path:\s*(.*)$/i.exec(line);
    if (match === null) return line;
    const jars = (match[1] ?? "")
      .split(/\s+/)
      .filter((entry) => entry.endsWith(".jar"))
      .map((entry) => `${prefix}${entry}`);
    return `Class-Path: ${jars.join(" ")}`;
  });
  const folded = rewritten.flatMap(fold).join("\r\n");
  const rest = sections
    .map((section) => section.replace(/(\r?\n)+$/, ""))
    .filter((section) => section !== "");
  return [folded, ...rest]
    .map((section) => `${section}\r\n`)
    .join("\r\n")
    .concat("\r\n");
}

function fold(line: string): string[] {
  const lines: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > MANIFEST_LINE_BYTES) {
    lines.push(rest.slice(0, MANIFEST_LINE_BYTES));
    rest = ` ${rest.slice(MANIFEST_LINE_BYTES)}`;
  }
  lines.push(rest);
  return lines;
}

/** The archivable copy of DynamoDB Local's jar, written on first use; throws when it cannot be. */
export async function archivableJar(paths: DynamoDbLocalPaths): Promise<string> {
  const folder = join(dirname(paths.jarPath), ARCHIVABLE_DIR);
  const copy = join(folder, basename(paths.jarPath));
  if (existsSync(copy)) return copy;
  await mkdir(folder, { recursive: true });
  const jar = await readFile(paths.jarPath);
  const temporary = `${copy}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temporary, withManifest(jar, archivableManifest(readManifest(jar), "../")));
    await link(temporary, copy).catch((error: unknown) => {
      if (errorCode(error) !== "EEXIST") throw error;
    });
  } finally {
    await rm(temporary, { force: true });
  }
  return copy;
}
