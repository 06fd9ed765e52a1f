/** The synthesized template of a stage, for tests that read it (functions not bundled unless asked). */
import { Template } from "aws-cdk-lib/assertions";
import { stageStack } from "portico/infra";
import type { App } from "portico/model";
import { app as swiftyPlanner } from "../../app/portico.config.js";

export const appDir = new URL("../../app", import.meta.url).pathname;

export type TemplateResource = { readonly Type: string; readonly Properties: Record<string, unknown> };

export function templateOf(stage = "dev", app: App = swiftyPlanner): Template {
  return Template.fromStack(stageStack({ app, appDir, stage, bundle: false }).stack);
}

/** The resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, TemplateResource> {
  return template.findResources(type) as Record<string, TemplateResource>;
}
