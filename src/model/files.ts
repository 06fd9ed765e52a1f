/**
 * Where an entity's files live in the bucket, written once: the key of a file is its item's path
 * plus the slot and a server-made file id, `accounts/{accountId}/picture/{fileId}` or
 * `accounts/{accountId}/notes/{noteId}/attachments/{fileId}`. The upload routes render keys from it, the
 * recorder parses them back, and the stack turns the same template into IAM resources and the
 * notification's prefix, so a key can never be written one way and granted another.
 */
import type { AnyEntity, FileSlot } from "./define-entity.js";

/**
 * The media types whose first bytes the recorder knows how to check (runtime/files/sniff.ts), so the
 * only ones a slot may allow: a type it could not check could never be recorded.
 */
export const checkableContentTypes = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "application/pdf",
  "application/zip",
] as const;

export type CheckableContentType = (typeof checkableContentTypes)[number];

/** One file slot of one entity. */
export interface FileSlotOf {
  readonly entity: AnyEntity;
  /** The slot's name, which is also the item's read-only field: `"avatar"`. */
  readonly name: string;
  readonly slot: FileSlot;
}

/** Every file slot of the app, in the order of its entities. */
export function fileSlotsOf(entities: readonly AnyEntity[]): FileSlotOf[] {
  return entities.flatMap((entity) =>
    Object.entries(entity.files).map(([name, slot]) => ({ entity, name, slot })),
  );
}

/** How many files a `multiple` slot holds at most, unless it says; a single slot holds one. */
export function maxFilesOf(slot: FileSlot): number {
  return slot.multiple ? (slot.maxFiles ?? 20) : 1;
}

/** The placeholder for the file's own id in a key template. */
export const fileIdParam = "fileId";

/**
 * `accounts/{accountId}/picture/{fileId}`: the item's path without its leading `/`, the slot, the file
 * id. A creator-owned tree's keys hold the creator after the collection (`notes/{ownerId}/{noteId}/…`),
 * as its item keys do, so the recorder finds the item and one creator's keys never name another's.
 */
export function fileKeyTemplate(entity: AnyEntity, slotName: string): string {
  const [root, ...rest] = entity.itemPath.slice(1).split("/");
  const creator = entity.creator === undefined ? [] : [`{${entity.creator}}`];
  return [root, ...creator, ...rest, slotName, `{${fileIdParam}}`].join("/");
}

/**
 * The template as an S3 resource pattern, each placeholder a `*` (`accounts/*\/picture/*`). IAM's `*`
 * also matches `/`, so this bounds a role to the slot's keys, not to one owner's: the code that
 * chooses the key under the caller's prefix is what keeps owners apart.
 */
export function fileKeyPattern(entity: AnyEntity, slotName: string): string {
  return fileKeyTemplate(entity, slotName).replace(/\{[^}]+\}/g, "*");
}

/** The literal start every key of the entity's tree shares: `accounts/` (the notification's filter). */
export function fileKeyRoot(entity: AnyEntity): string {
  return `${entity.collectionPath.slice(1).split("/")[0]}/`;
}

/**
 * One id as a key segment: letters, digits, `_` and `-` as they are; every other UTF-8 byte as
 * `%XX`. A `sub` may hold `/`, `.` or `%`, and none of them may make two owners' keys overlap, walk
 * out of a folder on a file-system S3, or read differently after S3 URL-encodes it in an event.
 */
export function encodeKeySegment(value: string): string {
  let encoded = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

/** The id a segment encodes, or `undefined` when the segment is not exactly what encoding makes. */
export function decodeKeySegment(segment: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(segment)) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return encodeKeySegment(value) === segment ? value : undefined;
}

/** The key of a new file: the slot's template with each id encoded. */
export function renderFileKey(
  entity: AnyEntity,
  slotName: string,
  ids: Readonly<Record<string, string>>,
  fileId: string,
): string {
  return fileKeyTemplate(entity, slotName).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = name === fileIdParam ? fileId : ids[name];
    if (value === undefined || value === "") {
      throw new TypeError(`File key "${fileKeyTemplate(entity, slotName)}" needs a value for {${name}}.`);
    }
    return encodeKeySegment(value);
  });
}

/** A key read back: whose file it is, in which slot. */
export interface ParsedFileKey extends FileSlotOf {
  readonly ids: Readonly<Record<string, string>>;
  readonly fileId: string;
}

/** UUIDv7, as the store makes ids: the file id sorts by the time its ticket was made. */
const fileIdForm = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Which slot a key belongs to, or `undefined` for a key no slot of the app would ever make. */
export function parseFileKey(slots: readonly FileSlotOf[], key: string): ParsedFileKey | undefined {
  const segments = key.split("/");
  for (const slotOf of slots) {
    const template = fileKeyTemplate(slotOf.entity, slotOf.name).split("/");
    if (template.length !== segments.length) continue;
    const ids: Record<string, string> = {};
    let matches = true;
    for (const [index, part] of template.entries()) {
      const segment = segments[index] as string;
      const placeholder = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (placeholder === undefined) {
        matches = part === segment;
      } else {
        const value = decodeKeySegment(segment);
        matches = value !== undefined;
        if (value !== undefined) ids[placeholder] = value;
      }
      if (!matches) break;
    }
    if (!matches) continue;
    const { [fileIdParam]: fileId, ...itemIds } = ids;
    if (fileId === undefined || !fileIdForm.test(fileId)) continue;
    return { ...slotOf, ids: itemIds, fileId };
  }
  return undefined;
}
