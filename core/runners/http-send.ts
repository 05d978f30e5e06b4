/**
 * Sending one HTTP request for the http runner. Normally through the global `fetch`; with
 * `verify: false` through node:https, because fetch offers no supported way to accept a
 * certificate it cannot verify (that needs undici's dispatcher, which is not ours to import).
 */
import http from 'node:http';
import https from 'node:https';
import type { HttpRequestSpec } from './http-params.ts';

/** The part of a response the runner reads, whichever way it was sent. */
export interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: AsyncIterable<Uint8Array> | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

async function viaFetch(spec: HttpRequestSpec, signal: AbortSignal): Promise<RawResponse> {
  const res = await fetch(spec.url, {
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    redirect: spec.followRedirects ? 'follow' : 'manual',
    signal,
  });
  return {
    status: res.status,
    statusText: res.statusText || (http.STATUS_CODES[res.status] ?? ''),
    headers: res.headers,
    body: res.body,
  };
}

function sendOnce(
  url: URL,
  method: string,
  headers: Headers,
  body: string | null,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      { method, headers: Object.fromEntries(headers), signal, rejectUnauthorized: false },
      resolve,
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

async function withoutVerify(spec: HttpRequestSpec, signal: AbortSignal): Promise<RawResponse> {
  let { url, method, body } = spec;
  const headers = new Headers(spec.headers);
  for (let hop = 0; ; hop++) {
    const res = await sendOnce(url, method, headers, body, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (spec.followRedirects && REDIRECT_STATUSES.has(status) && location !== undefined) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      // Same rules as fetch: 303 (and 301/302 after POST) become a GET without body, and
      // credentials do not follow the request to another origin.
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
        headers.delete('content-type');
      }
      if (next.origin !== url.origin) headers.delete('authorization');
      url = next;
      continue;
    }
    const out = new Headers();
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
      out.append(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
    }
    return {
      status,
      statusText: res.statusMessage || (http.STATUS_CODES[status] ?? ''),
      headers: out,
      body: res,
    };
  }
}

/** Sends the request; rejects on network errors and when `signal` aborts. */
export function sendHttpRequest(spec: HttpRequestSpec, signal: AbortSignal): Promise<RawResponse> {
  return spec.verify ? viaFetch(spec, signal) : withoutVerify(spec, signal);
}

/** Reads at most `capBytes` of the body as UTF-8; the rest is not fetched. */
export async function readBody(
  body: AsyncIterable<Uint8Array> | null,
  capBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  if (body === null) return { text: '', truncated: false };
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let used = 0;
  for await (const chunk of body) {
    if (used + chunk.byteLength > capBytes) {
      text += decoder.decode(chunk.subarray(0, Math.max(0, capBytes - used)), { stream: true });
      // A character cut at the cap is dropped rather than shown as U+FFFD.
      return { text, truncated: true };
    }
    used += chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}
