/**
 * The SDK clients a local service hands out, and its one stop. Every client is destroyed before the
 * service itself stops, so that no kept-alive socket holds the process open or talks to a closed port.
 */

/** Clients handed out by one service; `stop()` destroys them, then runs `stopService`, once. */
export interface ServiceClients<Client extends { destroy(): void }> {
  /** `true` once `stop()` was called. */
  readonly stopped: boolean;
  /** Records `client` so that `stop()` destroys it; returns it. */
  track(client: Client): Client;
  /** Idempotent: every call returns the same promise. */
  stop(): Promise<void>;
}

export function serviceClients<Client extends { destroy(): void }>(
  stopService: () => Promise<void>,
): ServiceClients<Client> {
  const clients = new Set<Client>();
  let stopping: Promise<void> | undefined;
  return {
    get stopped() {
      return stopping !== undefined;
    },
    track(client) {
      clients.add(client);
      return client;
    },
    stop() {
      stopping ??= (async () => {
        for (const client of clients) client.destroy();
        clients.clear();
        await stopService();
      })();
      return stopping;
    },
  };
}
