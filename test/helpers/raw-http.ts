/**
 * Raw HTTP requests for access tests. `fetch` normalises URLs (it resolves `/./`, `..` and
 * percent-encoding of some characters) and refuses to set `Host` or `Origin`, so these use
 * node:http with the request target sent exactly as written and every header under our control.
 */
import crypto from 'node:crypto';
import http from 'node:http';

export interface RawRequest {
  port: number;
  method: string;
  /** The request target, sent byte for byte (`/%61pi/v1/rules`, `//api/v1`, …). */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request on a fresh connection. `Host` defaults to `127.0.0.1:<port>`; pass a `host`
 * header to send another one.
 */
export function rawRequest(r: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { host: `127.0.0.1:${r.port}`, ...r.headers };
  if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: r.port,
        method: r.method,
        path: r.path,
        headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/**
 * A WebSocket opening handshake on `path`. Resolves with 101 when the server switched
 * protocols (the socket is closed at once), else with the HTTP answer it gave instead.
 */
export function rawUpgrade(r: Omit<RawRequest, 'method' | 'body'>): Promise<{ status: number }> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${r.port}`,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
    'sec-websocket-protocol': 'attune.v1',
    ...r.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: r.port,
      path: r.path,
      headers,
      setHost: false,
      agent: false,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      // A refused upgrade may be answered and then cut without an orderly end.
      res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The bearer header for a token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
