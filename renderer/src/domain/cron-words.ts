/**
 * Cron expressions in words: our own phrasing for the shapes people write most ("every weekday
 * at 07:30"), cronstrue for everything else. Validation stays with the engine
 * (`schedule.preview`), which knows the exact dialect; this only describes.
 */
import cronstrue from 'cronstrue';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_ALIASES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const pad = (n: number) => String(n).padStart(2, '0');
const isNum = (s: string) => /^\d{1,2}$/.test(s);
const inRange = (s: string, lo: number, hi: number) => isNum(s) && Number(s) >= lo && Number(s) <= hi;

function dayNumber(s: string): number | null {
  if (/^[0-7]$/.test(s)) return Number(s) % 7;
  return DAY_ALIASES[s.toLowerCase()] ?? null;
}

/** `1-5` → weekdays, `0,6` → weekend, `1` → Monday, `1,3,5` → Monday, Wednesday and Friday. */
function daysInWords(field: string): string | null {
  const f = field.toLowerCase();
  if (f === '1-5' || f === 'mon-fri') return 'every weekday';
  if (['0,6', '6,0', 'sat,sun', 'sun,sat', '6-7'].includes(f)) return 'every Saturday and Sunday';
  const parts = f.split(',').map(dayNumber);
  if (parts.some((d) => d === null)) return null;
  const names = (parts as number[]).map((d) => DAY_NAMES[d] as string);
  if (names.length === 1) return `every ${names[0]}`;
  return `every ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function ourWords(fields: string[]): string | null {
  // Seconds first (6 fields) are described only when they are 0; years (7) only when `*`.
  let f = fields;
  if (f.length === 7 && f[6] === '*') f = f.slice(0, 6);
  if (f.length === 6) {
    if (f[0] !== '0') return null;
    f = f.slice(1);
  }
  if (f.length !== 5) return null;
  const [min, hour, dom, month, dow] = f as [string, string, string, string, string];
  if (month !== '*') return null;
  const step = /^\*\/(\d+)$/.exec(min);
  if (step && inRange(step[1] as string, 1, 59) && hour === '*' && dom === '*' && dow === '*') {
    return step[1] === '1' ? 'every minute' : `every ${Number(step[1])} minutes`;
  }
  if (min === '*' && hour === '*' && dom === '*' && dow === '*') return 'every minute';
  if (inRange(min, 0, 59) && hour === '*' && dom === '*' && dow === '*') {
    return min === '0' ? 'every hour, on the hour' : `every hour at minute ${Number(min)}`;
  }
  if (!inRange(min, 0, 59) || !inRange(hour, 0, 23)) return null;
  const at = `at ${pad(Number(hour))}:${pad(Number(min))}`;
  if (dom === '*' && dow === '*') return `every day ${at}`;
  if (dom === '*') {
    const days = daysInWords(dow);
    return days ? `${days} ${at}` : null;
  }
  if (inRange(dom, 1, 31) && dow === '*') return `on day ${Number(dom)} of every month ${at}`;
  if (dom === 'L' && dow === '*') return `on the last day of every month ${at}`;
  return null;
}

/** The expression in words ("every weekday at 07:30"), or null when it cannot be read. */
export function cronInWords(expression: string): string | null {
  const trimmed = expression.trim();
  if (!trimmed) return null;
  const expanded = NICKNAMES[trimmed.toLowerCase()] ?? trimmed;
  const own = ourWords(expanded.split(/\s+/));
  if (own) return own;
  try {
    const text = cronstrue.toString(expanded, {
      use24HourTimeFormat: true,
      throwExceptionOnParseError: true,
      verbose: false,
    });
    return text.charAt(0).toLowerCase() + text.slice(1);
  } catch {
    return null;
  }
}
