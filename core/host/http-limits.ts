/**
 * Time and connection limits of the HTTP listener (docs/security.md, "Webhooks"; docs/api.md,
 * "Limits"). A client that connects and stalls — headers a byte at a time, a body that never
 * ends, an idle keep-alive, hundreds of held connections — must not hold memory or connections
 * for long. Node enforces the two request timeouts itself; the caps are counted here.
 */
import http from 'node:http';
import type net from 'node:net';
import { type ErrorCode, HTTP_STATUS } from '../model/errors.ts';

/** Every limit of the listener; tests set them small, the host uses DEFAULT_HTTP_LIMITS. */
export interface HttpLimits {
  /** A whole request, headers and body, must arrive within this (else 408, connection closed). */
  requestTimeoutMs: number;
  /** The request line and headers must arrive within this (else 408, connection closed). */
  headersTimeoutMs: number;
  /** A keep-alive connection with no request in flight is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (a client that stopped reading). */
  idleTimeoutMs: number;
  /** How often the two request timeouts are checked (Node's default, 30 s, makes them late). */
  timeoutCheckMs: number;
  /** Connections open at once, WebSockets included; more are closed on arrival. */
  maxConnections: number;
  /** Connections open at once from one address. */
  maxConnectionsPerAddress: number;
  /** Webhook body bytes held in memory at once, all requests together (else 503). */
  webhookBytesInFlight: number;
}

/**
 * 60 s carries a 100 MiB pack upload at 15 Mbit/s (on loopback it takes well under a second)
 * and is ages for any webhook a real sender makes. Headers are small: 10 s. Connections: the
 * UI needs a handful. Webhook bodies held by stalled connections are bounded twice: each by
 * its trigger's `max_body_bytes`, all together by `webhookBytesInFlight` (64 MiB).
 */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  timeoutCheckMs: 1_000,
  maxConnections: 256,
  maxConnectionsPerAddress: 128,
  webhookBytesInFlight: 64 * 1_048_576,
};

/** The options fastify and Node's `http.createServer` take for the limits. */
export function serverOptions(l: HttpLimits) {
  return {
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionTimeout: l.idleTimeoutMs,
    http: {
      requestTimeout: l.requestTimeoutMs,
      headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
      connectionsCheckingInterval: l.timeoutCheckMs,
    },
  };
}

/** Sockets whose request was cut by a time limit, with the reason given (the webhook route records it). */
const timedOut = new WeakMap<net.Socket, string>();

/** Why `socket`'s request was cut for not arriving in time, or null when it was not. */
export function timeoutOf(socket: net.Socket): string | null {
  return timedOut.get(socket) ?? null;
}

/**
 * Caps connections: Node closes those beyond `maxConnections` before they are read; the
 * per-address count is kept here, and a connection over it is closed unanswered too.
 */
export function capConnections(server: net.Server, l: HttpLimits): void {
  server.maxConnections = l.maxConnections;
  const perAddress = new Map<string, number>();
  server.on('connection', (socket: net.Socket) => {
    const address = socket.remoteAddress ?? '';
    const n = (perAddress.get(address) ?? 0) + 1;
    if (n > l.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, n);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
}

/** Node's client errors, answered in the host's error shape when nothing was sent yet. */
export function clientErrorAnswer(
  l: HttpLimits,
): (this: unknown, err: NodeJS.ErrnoException, socket: net.Socket) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    let code: ErrorCode = 'BAD_REQUEST';
    let status = HTTP_STATUS.BAD_REQUEST;
    let message = 'malformed HTTP request';
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      code = 'REQUEST_TIMEOUT';
      status = HTTP_STATUS.REQUEST_TIMEOUT;
      message =
        `request not received in time: its headers must arrive within ${l.headersTimeoutMs / 1000} s ` +
        `and the whole request within ${l.requestTimeoutMs / 1000} s`;
      timedOut.set(socket, message);
    } else if (err.code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      message = 'request headers too large';
    }
    // A response already under way cannot be followed by another on the same connection.
    const inFlight = (socket as net.Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const text = JSON.stringify({ error: message, code });
      socket.write(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy();
  };
}
