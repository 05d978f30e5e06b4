/**
 * The API tokens of sensor processes (docs/security.md, "Sensors"). Each start of a pack sensor
 * gets a fresh random token, held in memory only and revoked when the process exits. A sensor
 * token is not the user's token: it may emit events for the sensor's own trigger types and read
 * what a sensor needs (its sensor, its triggers, the rules on them) — nothing else.
 */
import crypto from 'node:crypto';

/** What one sensor process may do. */
export interface SensorScope {
  sensorRef: string;
  packRef: string;
  triggerTypes: readonly string[];
}

/** Live sensor tokens. Looked up by their SHA-256, so the map never holds a token itself. */
export class SensorTokens {
  private readonly byHash = new Map<string, SensorScope>();

  private static hash(token: string): string {
    return crypto.createHash('sha256').update(token).digest('hex');
  }

  issue(scope: SensorScope): string {
    const token = `sensor.${crypto.randomBytes(32).toString('base64url')}`;
    this.byHash.set(SensorTokens.hash(token), scope);
    return token;
  }

  revoke(token: string): void {
    this.byHash.delete(SensorTokens.hash(token));
  }

  lookup(token: string): SensorScope | null {
    return this.byHash.get(SensorTokens.hash(token)) ?? null;
  }

  get size(): number {
    return this.byHash.size;
  }
}

/** A routed request as the scope check sees it: method, route pattern, path and query fields. */
export interface ScopedRequest {
  method: string;
  route: string;
  params: Readonly<Record<string, unknown>>;
  query: Readonly<Record<string, unknown>>;
}

/** Store look-ups the check needs. */
export interface ScopeLookups {
  /** The trigger of a rule, by ref; null when there is no such rule. */
  ruleTrigger(ref: string): string | null;
  /** The ref of the trigger or rule with this integer id; null when there is none. */
  refById(kind: 'trigger' | 'rule', id: number): string | null;
}

/** The pack a bare name in a path belongs to, as the handlers qualify it (core/services). */
const HANDLER_PACK = 'local';
const ID = /^[0-9]{1,15}$/;

/**
 * The ref a handler will act on for this path or query value, so the check decides on what is
 * served, not on what the sensor meant: digits are an id (core/api/ref-or-id.ts), a bare name is
 * qualified into `local` as the services do. So a pack sensor's own refs pass written in full
 * (a sensor of the `local` pack may also use bare names: they qualify to its own refs).
 */
function served(
  value: unknown,
  kind: 'trigger' | 'rule' | 'sensor',
  look: ScopeLookups,
  bare: boolean,
): string | null {
  if (typeof value !== 'string') return null;
  if (kind !== 'sensor' && ID.test(value)) return look.refById(kind, Number(value));
  if (value.includes('.') || !bare) return value;
  return `${HANDLER_PACK}.${value}`;
}

/**
 * Null when a sensor token may make this request, else the sentence of the 403. Emitting
 * (`POST /api/v1/events`) passes here; the handler checks the event's trigger, which is in the
 * body (core/api/sensors.ts).
 */
export function scopeRefusal(scope: SensorScope, r: ScopedRequest, look: ScopeLookups): string | null {
  const own = (t: string | null) => t !== null && scope.triggerTypes.includes(t);
  const key = `${r.method} ${r.route}`;
  switch (key) {
    case 'POST /api/v1/events':
      return null;
    case 'GET /api/v1/sensors/:ref':
      if (served(r.params.ref, 'sensor', look, true) === scope.sensorRef) return null;
      break;
    case 'GET /api/v1/triggers/:ref':
      if (own(served(r.params.ref, 'trigger', look, true))) return null;
      break;
    case 'GET /api/v1/rules/:ref': {
      const ref = served(r.params.ref, 'rule', look, true);
      if (ref !== null && own(look.ruleTrigger(ref))) return null;
      break;
    }
    case 'GET /api/v1/rules':
      // The list filters on the value as given (a bare name matches nothing), or on an id's ref.
      if (own(served(r.query.trigger_ref, 'trigger', look, false))) return null;
      break;
    case 'GET /api/v1/triggers/:trigger_ref/rules':
      // Attune's alias of the list above; the path's trigger wins over any in the query.
      if (own(served(r.params.trigger_ref, 'trigger', look, false))) return null;
      break;
  }
  return `the token of sensor ${scope.sensorRef} may not call ${r.method} ${r.route}${paramText(r)}: a sensor may only emit events for its own triggers (${scope.triggerTypes.join(', ')}) and read its sensor, those triggers and their rules`;
}

function paramText(r: ScopedRequest): string {
  const shown = Object.entries({ ...r.params, ...r.query })
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v).slice(0, 80)}`);
  return shown.length > 0 ? ` (${shown.join(', ')})` : '';
}
