/**
 * Raw HTTP requests for access tests. `fetch` normalises URLs (it resolves `/./`, `..` and
 * percent-encoding of some characters) and refuses to set `Host` or `Origin`, so these use
 * node:http with the request target sent exactly as written and every header under our control.
 */
import crypto from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';

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
export function rawUpgrade(
  r: Omit<RawRequest, 'method' | 'body' | 'headers'> & {
    /** Headers to add or replace; `null` leaves a default header out. */
    headers?: Record<string, string | null>;
  },
): Promise<{ status: number }> {
  const headers: Record<string, string | null> = {
    host: `127.0.0.1:${r.port}`,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
    'sec-websocket-protocol': 'attune.v1',
    ...r.headers,
  };
  const sent = Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => e[1] !== null),
  );
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: r.port,
      path: r.path,
      headers: sent,
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

export interface LargePost {
  /** The first bytes the server answered. */
  head: string;
  /** Body bytes handed to the socket when the answer arrived. */
  writtenWhenAnswered: number;
}

/**
 * POSTs a body of `total` bytes over a raw socket, writing as fast as the server reads, and
 * resolves when the server has answered and closed the connection.
 */
export async function postLargeBody(
  url: string,
  total: number,
  headers: Record<string, string> = {},
): Promise<LargePost> {
  const { hostname, port, pathname, host } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.on('error', () => {}); // EPIPE/ECONNRESET once the server closes: expected
  // Not events.once: it would reject on that expected error.
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const drained = () => new Promise((resolve) => socket.once('drain', resolve));
  let head = '';
  let written = 0;
  let writtenWhenAnswered = -1;
  socket.on('data', (d: Buffer) => {
    if (writtenWhenAnswered < 0) writtenWhenAnswered = written;
    head += d.toString('latin1');
  });
  socket.write(
    `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n${Object.entries(
      headers,
    )
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  while (written < total && writtenWhenAnswered < 0 && !socket.destroyed) {
    written += chunk.length;
    if (!socket.write(chunk)) await Promise.race([drained(), closed]);
  }
  await closed;
  return { head, writtenWhenAnswered };
}

/** A raw TCP connection to the host, for clients that stall or hold connections open. */
export interface RawConnection {
  socket: net.Socket;
  /** Everything the server has sent so far (latin1). */
  received(): string;
  /** Resolves with everything the server sent, once the connection is closed (by either side). */
  closed: Promise<string>;
}

/**
 * Opens a connection to `port` on 127.0.0.1, from `localAddress` when given (any 127.x.y.z
 * address is this machine on Linux, so tests can play several clients).
 */
export async function rawConnection(port: number, localAddress?: string): Promise<RawConnection> {
  const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
  let text = '';
  socket.on('data', (d: Buffer) => {
    text += d.toString('latin1');
  });
  socket.on('error', () => {}); // a reset by the server ends the connection like a close
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  await Promise.race([once(socket, 'connect'), closed]);
  return { socket, received: () => text, closed };
}
