/** The members of S3's XML error document (`<Error><Code>…</Code><Message>…</Message></Error>`). */
export interface S3Error {
  readonly code?: string;
  readonly message?: string;
}

/** The largest body this parser reads; S3's error documents are a few hundred bytes. */
const MAX_XML_CHARS = 64 * 1024;

/** Reads `Code` and `Message` out of S3's fixed-shape XML error; anything else gives `{}`. */
export function parseS3Error(xml: string): S3Error {
  const text = xml.slice(0, MAX_XML_CHARS);
  const code = elementText(text, "Code");
  const message = elementText(text, "Message");
  return {
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
  };
}

function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  const raw = match?.[1];
  return raw === undefined ? undefined : decodeEntities(raw.trim());
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => ENTITIES[entity] ?? "");
}
