/**
 * The origins a deployed stage's CORS configuration may hold. API Gateway takes exact origins,
 * `*`, `http://*` and `https://*` only (AWS-FACTS §5); anything else fails the deploy far from
 * its cause, so synth refuses it here with what to write instead.
 */
import { type AppDescription, stageNamed } from "../model/index.js";
import { errorWithCode } from "../runtime/index.js";

export class DeployedOriginError extends errorWithCode("infra.cors_origin") {
  constructor(stage: string, origin: string, advice: string) {
    super(`Stage "${stage}": API Gateway does not take the CORS origin ${JSON.stringify(origin)}. ${advice}`);
  }
}

const wildcards = new Set(["*", "http://*", "https://*"]);
/** `scheme://host[:port]`, lowercase, as a browser serializes an origin. */
const exactOrigin =
  /^https?:\/\/(\[[0-9a-f:]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

/** What to write instead of an origin API Gateway refuses. */
function advice(origin: string): string {
  if (/:\*$/.test(origin)) {
    return `Write each exact origin (e.g. "${origin.replace(/:\*$/, ":5173")}"), and keep port patterns in api.cors.localOrigins, which only the local twin reads.`;
  }
  if (origin.includes("*")) {
    return 'Write each exact origin (e.g. "https://app.example.com"), or "https://*" for any HTTPS origin.';
  }
  const trimmed = origin.replace(/\/+$/, "").toLowerCase();
  if (trimmed !== origin && exactOrigin.test(trimmed))
    return `Write "${trimmed}": an origin has no path and is lowercase.`;
  return 'Write an origin as a browser sends it: scheme, host and optional port, like "https://app.example.com".';
}

/** The origins of `stage` (its own, else the app's), each checked; throws on the first AWS would refuse. */
export function deployedOrigins(app: AppDescription, stage: string): readonly string[] {
  const origins = stageNamed(app.deploy, stage)?.allowOrigins ?? app.cors?.allowOrigins ?? [];
  for (const origin of origins) {
    if (!wildcards.has(origin) && !exactOrigin.test(origin))
      throw new DeployedOriginError(stage, origin, advice(origin));
  }
  return origins;
}
