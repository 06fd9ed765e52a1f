/**
 * The environment variables Portico sets on its functions, on AWS and locally alike. The runtime
 * reads them (src/runtime/env.ts re-exports these names); local-only variables (endpoints, fake
 * credentials) are the local twin's and are not listed here.
 */
export const envNames = {
  tableName: "PORTICO_TABLE_NAME",
  cursorSecret: "PORTICO_CURSOR_SECRET",
  bucketName: "PORTICO_BUCKET_NAME",
} as const;

export type EnvName = (typeof envNames)[keyof typeof envNames];
