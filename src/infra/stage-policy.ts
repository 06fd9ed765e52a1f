/**
 * What a stage keeps when it is destroyed: a production stage retains its table and bucket and
 * protects the table from deletion; a throwaway stage (dev, a preview) is removed whole by
 * `portico destroy`.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import type { StageConfig } from "../model/index.js";

export interface StagePolicy {
  readonly production: boolean;
  readonly removalPolicy: RemovalPolicy;
}

export function stagePolicy(stage: Pick<StageConfig, "production">): StagePolicy {
  return {
    production: stage.production,
    removalPolicy: stage.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  };
}
