/**
 * The channel fuzz over the real wires: a channel input turned into the REST request its route
 * assembles it from (path, query or body), and a WebSocket client that sends invoke frames — or
 * any text at all — and waits for the answer.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { ServerFrame } from '../../core/contract/bridge.ts';
import type { RestRoute } from '../../core/host/rest-routes.ts';
import { ERROR_CODES } from '../../core/model/errors.ts';

export interface WireRequest {
  method: string;
  path: string;
  body: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'));

/** The request that carries `input` to `route`'s channel: path segments, query or JSON body. */
export function restRequest(route: RestRoute, input: unknown): WireRequest {
  const fields: Record<string, unknown> = isRecord(input) ? { ...input } : {};
  const path = route.url.replace(/:([a-z_]+)/g, (_m, name: string) => {
    const value = fields[name];
    delete fields[name];
    const text = value === undefined ? 'x' : asText(value);
    return encodeURIComponent(text === '' ? 'x' : text);
  });
  if (route.method === 'GET' || route.method === 'DELETE') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) {
      for (const item of Array.isArray(v) ? v : [v]) query.append(k, asText(item));
    }
    const qs = query.toString();
    return { method: route.method, path: qs ? `${path}?${qs}` : path, body: null };
  }
  const body = route.input === 'params+patch' ? fields.patch : isRecord(input) ? fields : input;
  return { method: route.method, path, body: JSON.stringify(body ?? {}) };
}

/** What every REST answer must be: JSON, never a 5xx, an error with a known code and a message. */
export function assertCleanRest(what: string, status: number, text: string): void {
  assert.ok(status < 500, `${what} answered ${status}: ${text.slice(0, 300)}`);
  let body: unknown;
  assert.doesNotThrow(
    () => {
      body = JSON.parse(text);
    },
    `${what} answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`,
  );
  assert.ok(isRecord(body), `${what}: the body is not an object`);
  if (status >= 400) {
    assert.equal(typeof body.error, 'string', `${what}: ${status} without an error message`);
    assert.ok(ERROR_CODES.includes(body.code as never), `${what}: unknown code ${String(body.code)}`);
  } else {
    assert.ok('data' in body || 'items' in body, `${what}: ${status} without data or items`);
  }
}

/** A WebSocket client of the channel bridge that pairs answers with the frames that asked. */
export class WsFuzzClient {
  private readonly frames: ServerFrame[] = [];
  private nextId = 1;

  /** How the server closed the socket, if it did. */
  closedWith: string | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (m) => this.frames.push(JSON.parse(m.toString()) as ServerFrame));
    socket.on('close', (code, reason) => {
      this.closedWith = `${code} ${reason.toString()}`;
    });
  }

  static open(url: string, token: string): Promise<WsFuzzClient> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/ws`, ['attune.v1', `bearer.${token}`]);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsFuzzClient(ws)));
      ws.once('error', reject);
    });
  }

  /**
   * Sends a frame and waits for the answer with `id`, or with null for the next answer of any id
   * (-1 is the id of an answer to a frame the bridge could not read).
   */
  async send(frame: string | Buffer, id: number | null, timeoutMs = 10_000): Promise<ServerFrame> {
    const seen = this.frames.length;
    this.socket.send(frame);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(seen).find((f) => f.type === 'result' && (id === null || f.id === id));
      if (found) return found;
      assert.equal(
        this.socket.readyState,
        WebSocket.OPEN,
        `the bridge closed the socket: ${this.closedWith}`,
      );
      assert.ok(Date.now() < deadline, `no answer to frame ${id}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Invokes a channel; returns the result part of the answer. */
  async invoke(channel: string, input: unknown): Promise<unknown> {
    const id = this.nextId++;
    const frame = await this.send(JSON.stringify({ type: 'invoke', id, channel, input }), id);
    return frame.type === 'result' ? frame.result : null;
  }

  close(): void {
    this.socket.close();
  }
}
