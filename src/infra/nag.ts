/**
 * cdk-nag, imported once: it is CommonJS with exports Node cannot see statically, so its named
 * exports come from its default export. cdk-nag 3 reports through CDK's policy validation
 * (`Validations.of(app).addPlugins`), and findings are acknowledged with `Validations.of(c).acknowledge`.
 */
import cdkNag from "cdk-nag";

export const { AwsSolutionsChecks } = cdkNag;
