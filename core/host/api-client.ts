/** A small REST client for the CLI: finds the running host through `<data-dir>/host.json`. */
import fs from 'node:fs';
import { AttuneError, type ErrorCode } from '../model/errors.ts';
import { readToken } from './api-token.ts';
import { hostFile } from './serve.ts';

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

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.send(method, path, body === undefined ? null : JSON.stringify(body), {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    });
    return this.json<T>(res);
  }

  /** POSTs a multipart form (a pack upload); fetch sets the multipart content type. */
  async postForm<T>(path: string, form: FormData): Promise<T> {
    return this.json<T>(await this.send('POST', path, form, {}));
  }

  /** POSTs JSON and returns the binary answer with the file name the host suggests (an export). */
  async download(path: string, body: unknown): Promise<{ bytes: Buffer; filename: string | null }> {
    const res = await this.send('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });
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

  private async json<T>(res: Response): Promise<T> {
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
