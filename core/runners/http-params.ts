/**
 * Reading `core.http_request` parameters (docs/runners.md, "Core pack actions") into one request description: url +
 * query_params, method, headers, body / json_body, auth, timeout, verify, follow_redirects.
 * Attune's flat names (`auth_type`, `auth_username`, `auth_password`, `auth_token`,
 * `verify_ssl`) are accepted too, so its actions import unchanged.
 */
import { AttuneError } from '../model/errors.ts';
import { isRecord } from '../util/records.ts';

/** Everything needed to send one request. */
export interface HttpRequestSpec {
  url: URL;
  method: string;
  headers: Headers;
  body: string | null;
  /** Seconds; null = bounded only by the action's timeout. */
  timeoutSeconds: number | null;
  verify: boolean;
  followRedirects: boolean;
}

function bad(field: string, message: string): AttuneError {
  return new AttuneError('VALIDATION_ERROR', message, { field });
}

function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function readAuth(params: Record<string, unknown>): Record<string, unknown> | null {
  if (isRecord(params.auth)) return params.auth;
  if (params.auth !== undefined && params.auth !== null) throw bad('auth', 'auth must be an object');
  if (typeof params.auth_type !== 'string') return null;
  return {
    type: params.auth_type,
    username: params.auth_username,
    password: params.auth_password,
    token: params.auth_token,
  };
}

function applyAuth(headers: Headers, auth: Record<string, unknown> | null): void {
  const type = typeof auth?.type === 'string' ? auth.type.toLowerCase() : 'none';
  if (auth === null || type === 'none') return;
  if (type === 'basic') {
    const user = auth.username === undefined || auth.username === null ? '' : String(auth.username);
    const pass = auth.password === undefined || auth.password === null ? '' : String(auth.password);
    headers.set('authorization', `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`);
    return;
  }
  if (type === 'bearer') {
    if (typeof auth.token !== 'string' || auth.token === '')
      throw bad('auth.token', 'bearer auth needs a token');
    headers.set('authorization', `Bearer ${auth.token}`);
    return;
  }
  throw bad('auth.type', `auth.type must be basic, bearer or none, got ${JSON.stringify(auth.type)}`);
}

function readUrl(params: Record<string, unknown>): URL {
  if (typeof params.url !== 'string' || params.url.trim() === '') {
    throw bad('url', 'Missing required parameter: url');
  }
  let url: URL;
  try {
    url = new URL(params.url.trim());
  } catch {
    throw bad('url', `url is not a valid URL: ${params.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad('url', `url must be http or https, got ${url.protocol}`);
  }
  if (params.query_params !== undefined && params.query_params !== null) {
    if (!isRecord(params.query_params)) throw bad('query_params', 'query_params must be an object');
    for (const [k, v] of Object.entries(params.query_params)) {
      if (v === undefined || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, scalarText(item));
    }
  }
  return url;
}

/** Validates and normalises the parameters; throws AttuneError naming the field. */
export function readHttpParams(params: Record<string, unknown>): HttpRequestSpec {
  const url = readUrl(params);
  const method = (typeof params.method === 'string' ? params.method : 'GET').trim().toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw bad('method', `method is not an HTTP method: ${params.method}`);

  const headers = new Headers();
  if (params.headers !== undefined && params.headers !== null) {
    if (!isRecord(params.headers)) throw bad('headers', 'headers must be an object');
    for (const [k, v] of Object.entries(params.headers)) {
      if (v !== undefined && v !== null) headers.set(k, scalarText(v));
    }
  }
  // fetch refuses URLs with credentials; `https://user:pass@host` means basic auth.
  let auth = readAuth(params);
  if (url.username !== '' || url.password !== '') {
    auth ??= {
      type: 'basic',
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
    url.username = '';
    url.password = '';
  }
  applyAuth(headers, auth);

  let body: string | null = null;
  if (params.json_body !== undefined && params.json_body !== null) {
    body = JSON.stringify(params.json_body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (params.body !== undefined && params.body !== null) {
    body = scalarText(params.body);
    if (typeof params.body !== 'string' && !headers.has('content-type')) {
      headers.set('content-type', 'application/json');
    }
  }
  if (body !== null && (method === 'GET' || method === 'HEAD')) {
    throw bad('body', `a ${method} request cannot have a body`);
  }

  const timeout = params.timeout;
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || !(timeout > 0))) {
    throw bad('timeout', 'timeout must be a positive number of seconds');
  }
  const verify = params.verify ?? params.verify_ssl ?? true;
  return {
    url,
    method,
    headers,
    body,
    timeoutSeconds: typeof timeout === 'number' ? timeout : null,
    verify: verify !== false,
    followRedirects: params.follow_redirects !== false,
  };
}
