import createClient, { type Client, type Middleware } from "openapi-fetch";

/** Where the API lives, how to authenticate to it, and (optionally) which fetch to use. */
export interface ApiClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:3000` or the stage's invoke URL. */
  readonly baseUrl: string;
  /** Called before each request; a token it gives is sent as `Authorization: Bearer <token>`. */
  readonly token?: () => string | undefined | Promise<string | undefined>;
  /** A fetch to use instead of the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * A typed client of an app's API: an openapi-fetch client over the app's generated `paths`
 * (`portico client` writes them), which authenticates each request with `options.token`.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): Client<Paths> {
  const client = createClient<Paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const token = options.token;
  if (token !== undefined) client.use(bearerToken(token));
  return client;
}

function bearerToken(token: NonNullable<ApiClientOptions["token"]>): Middleware {
  return {
    async onRequest({ request }) {
      const value = await token();
      if (value !== undefined && value !== "") request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
  };
}
