/** An upload ticket as the API answers it: a presigned S3 POST for one object. */
export interface UploadTicket {
  /** Where the form is POSTed (the bucket's endpoint). */
  readonly url: string;
  /** Form fields the policy signs; they are sent as they are, before the file. */
  readonly fields: Readonly<Record<string, string>>;
  /** The object's key. */
  readonly key: string;
  /** When the ticket's policy expires (ISO 8601). */
  readonly expiresAt: string;
  /** The largest file, in bytes, the policy accepts. */
  readonly maxBytes: number;
}
