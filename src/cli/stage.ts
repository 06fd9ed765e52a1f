/** The `--stage` of the commands that reach a deployed stage: one of the app's `deploy.stages`. */
import { type AppDescription, knownStages, type StageConfig, stageNamed } from "../model/index.js";
import { StageFlagError } from "./errors.js";

export interface ChosenStage {
  readonly name: string;
  readonly config: StageConfig;
}

/** The stage `--stage` names, or a `StageFlagError` listing the app's stages. */
export function chosenStage(app: AppDescription, flag: string | boolean | undefined): ChosenStage {
  const name = typeof flag === "string" ? flag : undefined;
  const config = stageNamed(app.deploy, name);
  if (name === undefined || config === undefined) throw new StageFlagError(name, knownStages(app.deploy));
  return { name, config };
}
