/**
 * The JSON body parser for every REST route: fastify's own (with its prototype-poisoning
 * checks), behind the nesting bound of core/model/json-depth.ts, so a body nested too deep is a
 * 400 that says so instead of a stack overflow further on (docs/security.md, "Webhooks").
 */
import type { FastifyInstance } from 'fastify';
import { findTooDeep, tooDeepMessage } from '../model/json-depth.ts';

/** Replaces the instance's `application/json` parser; child scopes registered later inherit it. */
export function boundJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const offset = findTooDeep(body as string);
    if (offset >= 0) {
      done(Object.assign(new Error(`body: ${tooDeepMessage(offset)}`), { statusCode: 400 }), undefined);
      return;
    }
    parse(req, body as string, done);
  });
}
