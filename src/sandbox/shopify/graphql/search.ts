import { parseDateTime } from '../../common/time';

/** Shopify search syntax, the part integrations use: `field:value`, `field:>=value`, quotes, `-field:` and `OR`. */
export interface Term {
  field: string;
  op: ':' | '>' | '>=' | '<' | '<=';
  value: string;
  negate: boolean;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export interface ParsedSearch {
  /** OR of ANDs. */
  groups: Term[][];
  warnings: SearchWarning[];
  /** Free-text words (not supported: reported as warnings too). */
  text: string[];
}

const TOKEN = /(-?)([A-Za-z_.]+):(>=|<=|>|<)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\S+)|(\S+)/g;

export function parseSearch(query: string | null | undefined, known: ReadonlySet<string>): ParsedSearch {
  const groups: Term[][] = [[]];
  const warnings: SearchWarning[] = [];
  const text: string[] = [];
  if (!query) return { groups: [[]], warnings, text };
  for (const m of query.matchAll(TOKEN)) {
    const bare = m[5];
    if (bare !== undefined) {
      if (bare === 'AND') continue;
      if (bare === 'OR') {
        groups.push([]);
        continue;
      }
      text.push(bare);
      continue;
    }
    const field = (m[2] ?? '').toLowerCase();
    let value = m[4] ?? '';
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))
      value = value.slice(1, -1);
    if (!known.has(field)) {
      warnings.push({ field, message: 'Invalid search field for this query.' });
      continue;
    }
    groups[groups.length - 1]?.push({ field, op: (m[3] ?? ':') as Term['op'], value, negate: m[1] === '-' });
  }
  return { groups: groups.filter((g, i) => g.length > 0 || i === 0), warnings, text };
}

/** Compares a number against a term (`:` is equality). */
export function compare(actual: number, op: Term['op'], expected: number): boolean {
  switch (op) {
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    default:
      return actual === expected;
  }
}

/** A date term as an instant range [from, to) in ms; a bare date means that whole day in the shop's zone. */
export function dateRange(term: Term, timeZone: string): { from: number; to: number } | null {
  const at = parseDateTime(term.value, timeZone);
  if (at === null) return null;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(term.value.trim());
  const end = dayOnly ? (parseDateTime(nextDay(term.value.trim()), timeZone) ?? at + 86_400_000) : at + 1000;
  switch (term.op) {
    case '>':
      return { from: dayOnly ? end : at + 1, to: Number.MAX_SAFE_INTEGER };
    case '>=':
      return { from: at, to: Number.MAX_SAFE_INTEGER };
    case '<':
      return { from: Number.MIN_SAFE_INTEGER, to: at };
    case '<=':
      return { from: Number.MIN_SAFE_INTEGER, to: dayOnly ? end : at + 1 };
    default:
      return { from: at, to: end };
  }
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
