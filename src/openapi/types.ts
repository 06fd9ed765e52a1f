/**
 * The parts of OpenAPI 3.1 this generator writes, as types: what every other module of the
 * generator builds, and what a caller of `openApiDocument` reads.
 */

/** A JSON Schema (draft 2020-12) object, as OpenAPI 3.1 embeds it. */
export type SchemaObject = { readonly [keyword: string]: unknown };

export interface ReferenceObject {
  readonly $ref: string;
}

export interface ExampleObject {
  readonly summary?: string;
  readonly value: unknown;
}

export interface MediaTypeObject {
  readonly schema: SchemaObject | ReferenceObject;
  readonly examples?: Readonly<Record<string, ExampleObject>>;
}

export interface HeaderObject {
  readonly description: string;
  readonly required?: boolean;
  readonly schema: SchemaObject;
}

export interface ParameterObject {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly description: string;
  readonly required: boolean;
  readonly schema: SchemaObject;
  readonly examples?: Readonly<Record<string, ExampleObject>>;
}

export interface RequestBodyObject {
  readonly description: string;
  readonly required: boolean;
  readonly content: Readonly<Record<string, MediaTypeObject>>;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, HeaderObject | ReferenceObject>>;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

/** Scheme name → scopes (for a bearer scheme, OpenAPI 3.1 calls them "role names"). */
export type SecurityRequirementObject = Readonly<Record<string, readonly string[]>>;

export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: RequestBodyObject;
  readonly responses: Readonly<Record<string, ResponseObject | ReferenceObject>>;
  readonly security: readonly SecurityRequirementObject[];
}

export type PathItemMethod = "get" | "post" | "put" | "patch" | "delete";

export type PathItemObject = Partial<Record<PathItemMethod, OperationObject>>;

export type SecuritySchemeObject =
  | {
      readonly type: "http";
      readonly scheme: "bearer";
      readonly bearerFormat: "JWT";
      readonly description: string;
    }
  | { readonly type: "openIdConnect"; readonly openIdConnectUrl: string; readonly description: string };

export interface ServerObject {
  readonly url: string;
  readonly description: string;
  readonly variables?: Readonly<
    Record<string, { readonly default: string; readonly description: string; readonly enum?: string[] }>
  >;
}

export interface TagObject {
  readonly name: string;
  readonly description: string;
}

export interface ComponentsObject {
  readonly schemas: Readonly<Record<string, SchemaObject>>;
  readonly responses: Readonly<Record<string, ResponseObject>>;
  readonly headers: Readonly<Record<string, HeaderObject>>;
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>;
}

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly ServerObject[];
  readonly tags: readonly TagObject[];
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components: ComponentsObject;
  readonly security: readonly SecurityRequirementObject[];
}

export interface OpenApiOptions {
  /** Where "Try it out" sends requests. @default "http://127.0.0.1:3000/v1" (the local dev server), plus the AWS endpoint template */
  readonly serverUrl?: string;
  /** The document's `info.version`. @default - the app's stage, e.g. `"v1"` */
  readonly version?: string;
}
