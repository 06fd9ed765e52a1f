/** The `--stage` of the commands that reach a deployed stage: one of the app's `deploy.stages`. */
import type { AppDescription, StageConfig } from "../model/index.js";
import { StageFlagError } from "./errors.js";

export interface ChosenStage {
  readonly name: string;
  readonly config: StageConfig;
}

/** The stage `--stage` names, or a `StageFlagError` listing the app's stages. */
export function chosenStage(app: AppDescription, flag: string | boolean | undefined): ChosenStage {
  const name = typeof flag === "string" ? flag : undefined;
  // Own keys only: `--stage toString` is not a stage.
  const config =
    name !== undefined && Object.hasOwn(app.deploy.stages, name) ? app.deploy.stages[name] : undefined;
  if (name === undefined || config === undefined)
    throw new StageFlagError(name, Object.keys(app.deploy.stages));
  return { name, config };
}
