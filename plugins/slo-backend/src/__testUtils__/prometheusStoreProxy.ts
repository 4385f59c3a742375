/**
 * A TCP proxy between a service and its store (Redis here) that a test can slow down or cut, so
 * the service's own code answers slowly or with server errors, as it would in a real incident.
 */
import net from 'node:net';

/** The proxy's controls. */
export interface StoreProxy {
  /** The port the service connects to instead of the store's. */
  port: number;
  /** Delays every reply from the store by this many milliseconds (0: no delay). */
  setReplyDelay(ms: number): void;
  /** The store becomes unreachable: open connections are cut and new ones refused. */
  cut(): Promise<void>;
  /**
   * The store becomes reachable again; resolves once a client has reconnected and the store has
   * answered it (for ioredis: its ready check), so requests after this reach the store.
   */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port to `upstream` (host:port). */
export async function startStoreProxy(upstream: {
  host: string;
  port: number;
}): Promise<StoreProxy> {
  let replyDelayMs = 0;
  const sockets = new Set<net.Socket>();
  let onUpstreamReply: (() => void) | undefined;

  const server = net.createServer(client => {
    const store = net.connect(upstream.port, upstream.host);
    sockets.add(client);
    sockets.add(store);
    const drop = () => {
      client.destroy();
      store.destroy();
      sockets.delete(client);
      sockets.delete(store);
    };
    client.on('error', drop).on('close', drop);
    store.on('error', drop).on('close', drop);
    client.pipe(store);
    // Replies keep their order: each is released no earlier than the one before it.
    let releaseAt = 0;
    store.on('data', chunk => {
      onUpstreamReply?.();
      if (replyDelayMs === 0 && releaseAt <= Date.now()) {
        client.write(chunk);
        return;
      }
      releaseAt = Math.max(Date.now() + replyDelayMs, releaseAt);
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, releaseAt - Date.now());
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>(resolve => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });

  await listen(0);
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    setReplyDelay(ms) {
      replyDelayMs = ms;
    },
    cut: stopListening,
    async restore() {
      const reconnected = new Promise<void>(resolve => {
        onUpstreamReply = () => {
          onUpstreamReply = undefined;
          resolve();
        };
      });
      await listen(port);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        reconnected,
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `no client reconnected through the store proxy on port ${port} within 10 s`,
                ),
              ),
            10_000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      // The client parses the reply on a later tick; give it that tick with room to spare.
      await new Promise(resolve => setTimeout(resolve, 100));
    },
    close: stopListening,
  };
}
