/**
 * Replaces the manifest of a jar (a zip file) without re-compressing anything: the original bytes
 * stay as they are, the new `META-INF/MANIFEST.MF` is appended after the last entry, and a new
 * central directory points at it (zip readers, the JVM's included, go by the central directory; the
 * old manifest's bytes remain, unreferenced). Used to give DynamoDB Local's jar a Class-Path that
 * class-data sharing accepts (archivable-jar.ts). Zip64 jars are refused: DynamoDB Local's is 10 MB.
 */
import { crc32, inflateRawSync } from "node:zlib";

/** The jar is not a zip this module can rewrite (no end record, Zip64, no manifest). */
export class JarFormatError extends Error {
  override readonly name = "JarFormatError";
}

const MANIFEST_NAME = "META-INF/MANIFEST.MF";
const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
/** A 32-bit field at this value means the real one is in a Zip64 record. */
const ZIP64_MARK = 0xffffffff;
/** Bit 3: sizes and CRC follow the data in a descriptor; the new entry has none. */
const DATA_DESCRIPTOR_FLAG = 0x0008;

/** The manifest's text (as stored), or throws {@link JarFormatError}. */
export function readManifest(jar: Buffer): string {
  const { entries } = centralDirectory(jar);
  const manifest = entries.find((entry) => entry.name === MANIFEST_NAME);
  if (manifest === undefined) throw new JarFormatError(`no ${MANIFEST_NAME} in the jar`);
  return inflateEntry(jar, manifest).toString("utf8");
}

/** The jar with `manifest` as its `META-INF/MANIFEST.MF` (stored uncompressed). */
export function withManifest(jar: Buffer, manifest: string): Buffer {
  const { entries, offset: directoryOffset, end } = centralDirectory(jar);
  const index = entries.findIndex((entry) => entry.name === MANIFEST_NAME);
  const old = entries[index];
  if (old === undefined) throw new JarFormatError(`no ${MANIFEST_NAME} in the jar`);
  const data = Buffer.from(manifest, "utf8");
  const name = Buffer.from(MANIFEST_NAME, "utf8");
  const crc = crc32(data);
  const flags = old.record.readUInt16LE(8) & ~DATA_DESCRIPTOR_FLAG;
  const time = old.record.readUInt16LE(12);
  const date = old.record.readUInt16LE(14);

  const local = Buffer.alloc(LOCAL_SIZE);
  local.writeUInt32LE(LOCAL_SIGNATURE, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);

  const central = Buffer.alloc(CENTRAL_SIZE);
  old.record.copy(central, 0, 0, CENTRAL_SIZE);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(0, 30); // no extra field
  central.writeUInt16LE(0, 32); // no comment
  central.writeUInt32LE(directoryOffset, 42);

  const records = entries.map((entry, at) => (at === index ? Buffer.concat([central, name]) : entry.record));
  const directory = Buffer.concat(records);
  const newEnd = Buffer.from(end);
  newEnd.writeUInt32LE(directory.length, 12);
  newEnd.writeUInt32LE(directoryOffset + local.length + name.length + data.length, 16);
  return Buffer.concat([jar.subarray(0, directoryOffset), local, name, data, directory, newEnd]);
}

interface CentralEntry {
  readonly name: string;
  /** The whole central-directory record (header, name, extra field, comment). */
  readonly record: Buffer;
}

function centralDirectory(jar: Buffer): {
  entries: CentralEntry[];
  offset: number;
  end: Buffer;
} {
  // The end record is the last 22 bytes, unless a comment (up to 64 KiB) follows it.
  let endAt = -1;
  for (let at = jar.length - END_SIZE; at >= Math.max(0, jar.length - END_SIZE - 0xffff); at--) {
    if (jar.readUInt32LE(at) === END_SIGNATURE && at + END_SIZE + jar.readUInt16LE(at + 20) === jar.length) {
      endAt = at;
      break;
    }
  }
  if (endAt < 0) throw new JarFormatError("not a zip file: no end of central directory record");
  const end = jar.subarray(endAt, endAt + END_SIZE);
  const count = end.readUInt16LE(10);
  const size = end.readUInt32LE(12);
  const offset = end.readUInt32LE(16);
  if (count === 0xffff || size === ZIP64_MARK || offset === ZIP64_MARK) {
    throw new JarFormatError("Zip64 jars are not supported");
  }
  if (offset + size > endAt) throw new JarFormatError("the central directory lies outside the file");
  const entries: CentralEntry[] = [];
  for (let at = offset, left = count; left > 0; left--) {
    if (at + CENTRAL_SIZE > endAt || jar.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new JarFormatError("a central directory record is malformed");
    }
    const nameLength = jar.readUInt16LE(at + 28);
    const length = CENTRAL_SIZE + nameLength + jar.readUInt16LE(at + 30) + jar.readUInt16LE(at + 32);
    entries.push({
      name: jar.toString("utf8", at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength),
      record: jar.subarray(at, at + length),
    });
    at += length;
  }
  return { entries, offset, end };
}

/** An entry's uncompressed bytes (stored or deflated). */
function inflateEntry(jar: Buffer, entry: CentralEntry): Buffer {
  const method = entry.record.readUInt16LE(10);
  const compressed = entry.record.readUInt32LE(20);
  const localAt = entry.record.readUInt32LE(42);
  if (jar.readUInt32LE(localAt) !== LOCAL_SIGNATURE) throw new JarFormatError("a local header is malformed");
  const dataAt = localAt + LOCAL_SIZE + jar.readUInt16LE(localAt + 26) + jar.readUInt16LE(localAt + 28);
  const data = jar.subarray(dataAt, dataAt + compressed);
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data);
  throw new JarFormatError(`${entry.name} uses compression method ${method}`);
}
