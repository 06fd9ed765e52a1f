/**
 * The presigned POST's policy (as `createPresignedPost` writes it): its signature, recomputed by the
 * SDK signer over the base64 policy string, its expiration, and every condition on the form's fields.
 * S3 allows a form only when each field is covered by a condition and every condition holds.
 */
import { S3Refusal } from "./errors.js";
import { assertOwnKey, parseAmzDate, parseCredential, sameSignature, type Verifier } from "./signer.js";

/** Form fields by lower-case name (S3 compares field names case-insensitively, values exactly). */
export type PostFields = ReadonlyMap<string, string>;

/** The file's allowed byte count, from `content-length-range`. */
export interface LengthRange {
  readonly min: number;
  readonly max: number;
}

/** Fields no condition needs to cover. */
const UNCOVERED = new Set(["policy", "x-amz-signature", "file"]);

/** Verifies who signed the form and that its policy allows it; returns the file's allowed size, if limited. */
export async function authorizePost(
  fields: PostFields,
  bucket: string,
  verifier: Verifier,
  now: Date,
): Promise<LengthRange | undefined> {
  const policy = fields.get("policy");
  const signature = fields.get("x-amz-signature");
  // Without a policy the form is anonymous, and anonymous writes to a private bucket are denied.
  if (policy === undefined && signature === undefined) throw new S3Refusal("AccessDenied");
  const algorithm = required(fields, "x-amz-algorithm");
  const credential = required(fields, "x-amz-credential");
  const amzDate = required(fields, "x-amz-date");
  if (algorithm !== "AWS4-HMAC-SHA256") {
    throw new S3Refusal("InvalidArgument", 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', {
      ArgumentName: "x-amz-algorithm",
      ArgumentValue: algorithm,
    });
  }
  const scope = parseCredential(credential);
  if (scope === undefined || scope.service !== "s3" || parseAmzDate(amzDate) === undefined) {
    throw new S3Refusal(
      "InvalidArgument",
      "Invalid according to Policy: Invalid x-amz-credential or x-amz-date.",
      {
        ArgumentName: "x-amz-credential",
        ArgumentValue: credential,
      },
    );
  }
  assertOwnKey(verifier, scope.accessKeyId);
  const signedPolicy = required(fields, "policy");
  // The signing key is derived from the credential scope's day, as createPresignedPost derives it.
  const signingDate = parseAmzDate(`${scope.date}T000000Z`) as Date;
  const expected = await verifier.signer.sign(signedPolicy, {
    signingDate,
    signingRegion: scope.region,
    signingService: "s3",
  });
  if (!sameSignature(expected, required(fields, "x-amz-signature"))) {
    throw new S3Refusal("SignatureDoesNotMatch", undefined, { AWSAccessKeyId: scope.accessKeyId });
  }
  return checkPolicy(decodePolicy(signedPolicy), fields, bucket, now);
}

export interface PolicyDocument {
  readonly expiration: Date;
  readonly conditions: readonly unknown[];
}

function decodePolicy(base64: string): PolicyDocument {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(base64, "base64").toString("utf8"));
  } catch {
    throw new S3Refusal("InvalidPolicyDocument");
  }
  if (typeof document !== "object" || document === null) throw new S3Refusal("InvalidPolicyDocument");
  const { expiration, conditions } = document as Record<string, unknown>;
  if (typeof expiration !== "string") {
    throw new S3Refusal("InvalidPolicyDocument", "Invalid Policy: Policy missing expiration.");
  }
  const expires = new Date(expiration);
  if (Number.isNaN(expires.getTime())) {
    throw new S3Refusal(
      "InvalidPolicyDocument",
      `Invalid Policy: Invalid 'expiration' value: '${expiration}'`,
    );
  }
  if (!Array.isArray(conditions)) {
    throw new S3Refusal("InvalidPolicyDocument", "Invalid Policy: Policy missing conditions.");
  }
  return { expiration: expires, conditions };
}

/** Checks `policy` against the form; pure, so each S3 rule is testable alone. */
export function checkPolicy(
  policy: PolicyDocument,
  fields: PostFields,
  bucket: string,
  now: Date,
): LengthRange | undefined {
  if (now > policy.expiration)
    throw new S3Refusal("AccessDenied", "Invalid according to Policy: Policy expired.");
  const covered = new Set<string>();
  let range: LengthRange | undefined;
  // `bucket` is the one the form is posted to, whether or not the form repeats it.
  const fieldValue = (name: string) => (name === "bucket" ? bucket : fields.get(name));
  for (const condition of policy.conditions) {
    if (Array.isArray(condition) && condition[0] === "content-length-range") {
      const [, min, max] = condition as unknown[];
      if (!isByteCount(min) || !isByteCount(max)) throw invalidCondition(condition);
      range = { min, max };
      continue;
    }
    for (const [operator, written, expected] of matchers(condition)) {
      const name = written.toLowerCase();
      covered.add(name);
      const value = fieldValue(name);
      const holds =
        value !== undefined && (operator === "eq" ? value === expected : value.startsWith(expected));
      if (!holds) {
        throw new S3Refusal(
          "AccessDenied",
          `Invalid according to Policy: Policy Condition failed: [${[operator, `$${written}`, expected].map((part) => JSON.stringify(part)).join(", ")}]`,
        );
      }
    }
  }
  const extra = [...fields.keys()].filter(
    (name) => !UNCOVERED.has(name) && !name.startsWith("x-ignore-") && !covered.has(name),
  );
  if (extra.length > 0) {
    throw new S3Refusal(
      "AccessDenied",
      `Invalid according to Policy: Extra input fields: ${extra.join(", ")}`,
    );
  }
  return range;
}

type Matcher = readonly ["eq" | "starts-with", string, string];

/** A condition as `[operator, field name as written, value]` checks: `{"f": v}` is `["eq", "$f", v]`. */
function matchers(condition: unknown): Matcher[] {
  if (Array.isArray(condition)) {
    const [operator, field, expected] = condition as unknown[];
    const known = operator === "eq" || operator === "starts-with";
    if (!known || condition.length !== 3 || typeof field !== "string" || !field.startsWith("$")) {
      throw invalidCondition(condition);
    }
    if (typeof expected !== "string") throw invalidCondition(condition);
    return [[operator, field.slice(1), expected]];
  }
  if (typeof condition === "object" && condition !== null) {
    return Object.entries(condition).map(([field, expected]) => {
      if (typeof expected !== "string") throw invalidCondition(condition);
      return ["eq", field, expected] as const;
    });
  }
  throw invalidCondition(condition);
}

function isByteCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function invalidCondition(condition: unknown): S3Refusal {
  return new S3Refusal(
    "InvalidPolicyDocument",
    `Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`,
  );
}

/** S3's answer to a form that lacks a field it needs, named as S3 spells it. */
export function missingField(name: string): S3Refusal {
  return new S3Refusal(
    "InvalidArgument",
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    { ArgumentName: name, ArgumentValue: "" },
  );
}

function required(fields: PostFields, name: string): string {
  const value = fields.get(name);
  if (value === undefined) throw missingField(name);
  return value;
}
