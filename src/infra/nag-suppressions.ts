/**
 * The cdk-nag findings the stack accepts, each with its reason, in one place. Everything else the
 * AwsSolutions pack reports is fixed in the constructs, and synth fails on anything new.
 */
import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

export const acceptedFindings = {
  "AwsSolutions-SMG4":
    "The cursor secret is an HMAC key for page cursors, not a credential of another service: a rotation " +
    "function would have nothing to update, and rotating only invalidates the cursors clients hold. " +
    "If it leaks, deploy a new one.",
  "AwsSolutions-APIG4":
    "A public route by the contract (docs/api.md: GET /health needs no token); it answers {status: ok} and reads no data.",
  "AwsSolutions-IAM5[Resource::*]":
    "Lambda active tracing (deploy.tracing): xray:PutTraceSegments and xray:PutTelemetryRecords support no " +
    "resource-level permissions, so AWS documents Resource * for them; nothing else in the role is a wildcard.",
} as const;

export type AcceptedFinding = keyof typeof acceptedFindings;

/** Acknowledges `finding` on `construct`, with its written reason. */
export function acceptFinding(construct: IConstruct, finding: AcceptedFinding): void {
  Validations.of(construct).acknowledge({ id: finding, reason: acceptedFindings[finding] });
}
