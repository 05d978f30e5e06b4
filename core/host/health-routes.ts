/**
 * Attune's health paths at the root, answered as Attune answers them (docs/attune-compat.md):
 * `/health` `{status}`, `/health/detailed` `{status, version, database}`, `/health/live` and
 * `/health/ready` an empty 200. Public like `GET /api/v1/health`, and they tell no more than it
 * does (core/host/access.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../engine/create-engine.ts';

/** Registers the four health routes on the root scope (after the access hook, so it applies). */
export function registerHealthRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/health/detailed', async () => ({
    status: 'ok',
    version: engine.version,
    // A store that cannot be read makes requests fail before they get here.
    database: 'connected',
  }));
  app.get('/health/live', async (_req, reply) => reply.code(200).send());
  app.get('/health/ready', async (_req, reply) => reply.code(200).send());
}
