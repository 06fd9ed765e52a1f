/**
 * A file to S3 with an upload ticket (API.md, Files): ask the API for a ticket for the file's type,
 * refuse a file over the ticket's `maxBytes` before sending anything, send it straight to the
 * bucket, and say clearly what S3 refused if it does.
 */
import { ENTITY_TOO_LARGE, UploadRefused, type UploadTicket, uploadWithTicket } from "portico/client";
import { formatBytes } from "./dom.js";
import type { Notices } from "./notices.js";

const exact = (bytes: number) => `${bytes.toLocaleString("en")} bytes`;

/** Uploads `file` with the ticket `requestTicket` gets for its type; resolves the ticket when S3 took it. */
export async function uploadFile(
  file: File,
  requestTicket: (contentType: string) => Promise<UploadTicket>,
): Promise<UploadTicket> {
  const ticket = await requestTicket(file.type === "" ? "application/octet-stream" : file.type);
  if (file.size > ticket.maxBytes) {
    throw new UploadRefused(
      0,
      ENTITY_TOO_LARGE,
      `“${file.name}” is too big: it is ${formatBytes(file.size)} (${exact(file.size)}), and the largest file allowed is ${formatBytes(ticket.maxBytes)} (${exact(ticket.maxBytes)}). Choose a smaller file.`,
    );
  }
  try {
    await uploadWithTicket(ticket, file, { fileName: file.name });
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    throw new UploadRefused(error.status, error.code, storageRefusal(file, error), error.s3Message);
  }
  return ticket;
}

function storageRefusal(file: File, refused: UploadRefused): string {
  const said = refused.s3Message === undefined ? "" : ` It said: “${refused.s3Message}”`;
  if (refused.code === ENTITY_TOO_LARGE) {
    return `The storage service refused “${file.name}” (${refused.code}): it is larger than the upload allows.${said}`;
  }
  return `The storage service refused “${file.name}” (${refused.status} ${refused.code}).${said}`;
}

/** Polls `read` until `done` holds (S3 tells the API of an upload a moment after it answered). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The steps of an upload that an item records: a ticket for the file, then the item that names it. */
export interface RecordedUpload<Item> {
  readonly notices: Notices;
  /** Asks the API for a ticket for a file of `contentType`. */
  requestTicket(contentType: string): Promise<UploadTicket>;
  /** Reads the item the upload is recorded on. */
  read(): Promise<Item>;
  /** Whether `item` names the object `key` yet. */
  names(item: Item, key: string): boolean;
}

/**
 * Uploads `file` and waits until its item names it; resolves the item, or `undefined` (having said
 * so) when the API never records it, as happens to bytes that are not the type they claim.
 */
export async function uploadAndRecord<Item>(
  file: File,
  steps: RecordedUpload<Item>,
): Promise<Item | undefined> {
  steps.notices.status(`Uploading “${file.name}”…`);
  const ticket = await uploadFile(file, (contentType) => steps.requestTicket(contentType));
  steps.notices.status("Uploaded. Waiting for it to be recorded…");
  const item = await until(
    () => steps.read(),
    (read) => steps.names(read, ticket.key),
  );
  if (steps.names(item, ticket.key)) return item;
  steps.notices.error(
    `“${file.name}” was uploaded but not recorded: it may not be the type it says. Try another file.`,
  );
  return undefined;
}
