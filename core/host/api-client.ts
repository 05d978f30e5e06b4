/**
 * A small REST client for the CLI, typed by the contract: finds the running host through
 * `<data-dir>/host.json` and calls channels by name.
 */
import fs from 'node:fs';
import type { ChannelInput, ChannelOutput } from '../contract/channels.ts';
import { AttuneError, type ErrorCode } from '../model/errors.ts';
import { readToken } from './api-token.ts';
import { hostFile } from './host-file.ts';
import { CHANNEL_ROUTES, type RestChannel, type RestRoute } from './rest-routes.ts';

export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  static fromDataDir(dataDir: string, urlOverride?: string): ApiClient {
    let url = urlOverride;
    if (!url) {
      try {
        url = (JSON.parse(fs.readFileSync(hostFile(dataDir), 'utf8')) as { url: string }).url;
      } catch {
        throw new AttuneError(
          'NOT_FOUND',
          `no running host found for data folder ${dataDir} (start one with: attune-desktop serve)`,
        );
      }
    }
    let token: string;
    try {
      token = readToken(dataDir);
    } catch {
      throw new AttuneError(
        'UNAUTHORIZED',
        `no API token in ${dataDir} (is the host running with this --data-dir?)`,
      );
    }
    return new ApiClient(url, token);
  }

  /**
   * Calls `channel` over REST: the route comes from the one table (core/host/rest-routes.ts), the
   * input and answer types from the contract, so a renamed channel or field fails to compile here.
   */
  async call<C extends RestChannel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const route = routeOf(channel);
    const req = restRequest(route, input);
    const res = await this.send(
      route.method,
      req.path,
      req.body === undefined ? null : JSON.stringify(req.body),
      {
        ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
    );
    return unwrap<ChannelOutput<C>>(route, await this.json(res));
  }

  /** Calls `channel` with a multipart form (a pack upload); fetch sets the multipart content type. */
  async callForm<C extends 'packs.import' | 'packs.validate'>(
    channel: C,
    form: FormData,
  ): Promise<ChannelOutput<C>> {
    const route = routeOf(channel);
    return unwrap<ChannelOutput<C>>(
      route,
      await this.json(await this.send(route.method, route.url, form, {})),
    );
  }

  /** Calls `packs.export` for an archive and returns its bytes with the file name the host suggests. */
  async download(input: ChannelInput<'packs.export'>): Promise<{ bytes: Buffer; filename: string | null }> {
    const route = routeOf('packs.export');
    const req = restRequest(route, input);
    const res = await this.send(route.method, req.path, JSON.stringify(req.body), {
      'content-type': 'application/json',
    });
    if (!res.ok) return this.json<never>(res);
    const disposition = res.headers.get('content-disposition') ?? '';
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null,
    };
  }

  private async send(
    method: string,
    path: string,
    body: string | FormData | null,
    headers: Record<string, string>,
  ): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...headers },
        body,
      });
    } catch (err) {
      throw new AttuneError('NOT_FOUND', `cannot reach the host at ${this.url}: ${(err as Error).message}`);
    }
  }

  private async json<T = unknown>(res: Response): Promise<T> {
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) {
      throw new AttuneError((json.code as ErrorCode) ?? 'INTERNAL', String(json.error ?? res.statusText), {
        details: json.details,
      });
    }
    return json as T;
  }
}

function routeOf(channel: RestChannel): RestRoute {
  const route = CHANNEL_ROUTES.find((r) => r.channel === channel);
  if (!route) throw new AttuneError('NOT_FOUND', `no REST route serves ${channel}`);
  return route;
}

/**
 * A channel input as its route's request, the inverse of `routeInput`: path parameters from their
 * fields, the rest into the query string or the JSON body. Undefined fields are left out.
 */
export function restRequest(route: RestRoute, input: unknown): { path: string; body: unknown } {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((input ?? {}) as Record<string, unknown>)) {
    if (v !== undefined) fields[k] = v;
  }
  const path = route.url.replace(/:([a-z_]+)/g, (_m, name: string) => {
    const value = fields[name];
    delete fields[name];
    return encodeURIComponent(String(value));
  });
  switch (route.input) {
    case 'none':
    case 'params':
      return { path, body: undefined };
    case 'query':
    case 'params+query': {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) {
        for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
      }
      const qs = query.toString();
      return { path: qs ? `${path}?${qs}` : path, body: undefined };
    }
    case 'body':
    case 'params+body':
      return { path, body: fields };
    case 'params+patch':
      return { path, body: fields.patch ?? {} };
  }
}

/** Lists (and bare answers) come as they are; single objects inside `{data}`. */
function unwrap<T>(route: RestRoute, json: unknown): T {
  return (route.list || route.bare ? json : (json as { data: unknown }).data) as T;
}
