/**
 * The TIMESTAMP of a PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER answer.
 *
 * Canonical form (identity-js `DateHelper.getNowString`, Amplify `getNowString`), always UTC:
 *   `Www Mmm d HH:mm:ss UTC yyyy`  e.g. `Wed Apr 5 22:42:34 UTC 2017`, `Fri Nov 27 02:35:05 UTC 2026`
 * English names, day of month NOT zero-padded, H/m/s zero-padded.
 *
 * The real service parses Java-style `EEE MMM d HH:mm:ss z yyyy` leniently, then signs/verifies
 * the canonical re-formatting: `Wed Apr 05 …` or a wrong weekday parse fine but fail the signature
 * (NotAuthorizedException), while an unparseable value is an InvalidParameterException. Hence:
 * parseSrpTimestamp() is lenient (returns null only for unparseable input) and the verifier HMACs
 * formatSrpTimestamp(parseSrpTimestamp(raw)).
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAY_FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH_FULL = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

/** The message Cognito uses when TIMESTAMP cannot be parsed (InvalidParameterException). */
export const TIMESTAMP_FORMAT_MESSAGE = 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Canonical Cognito SRP timestamp of `date` (UTC). */
export function formatSrpTimestamp(date: Date): string {
  return (
    `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} ` +
    `UTC ${date.getUTCFullYear()}`
  );
}

/** Short (3-letter) or full English name, case-insensitive → index, or -1. */
function nameIndex(token: string, short: readonly string[], full: readonly string[]): number {
  const t = token.toLowerCase();
  for (let i = 0; i < short.length; i++) {
    if (t === short[i]!.toLowerCase() || t === full[i]) return i;
  }
  return -1;
}

/** Offsets (minutes east of UTC) for the zone names we accept besides numeric offsets. */
const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/** Zone token → offset in minutes east of UTC, or null. Accepts names above, ±hh[:]mm, GMT±h[h][[:]mm]. */
function parseZone(token: string): number | null {
  const upper = token.toUpperCase();
  const named = ZONES[upper];
  if (named !== undefined) return named;
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(upper);
  if (m === null) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 23 || minutes > 59) return null;
  // A bare "+5" is not a valid RFC 822 zone; require GMT prefix or 4 digits / hh:mm.
  if (!upper.startsWith('GMT') && !upper.startsWith('UTC') && m[3] === undefined) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Lenient parse of `EEE MMM d HH:mm:ss z yyyy` (English; 3-letter or full day/month names, any
 * case; 1–2 digit day/hour/minute/second; zone UTC/GMT/UT/Z, a few US abbreviations or a numeric
 * offset; 4-digit year; runs of whitespace). Out-of-range fields roll over like Java's lenient
 * calendar (`Feb 30` → Mar 1/2), and the weekday is only checked to be a weekday name — both then
 * fail the signature through the canonical re-format, as on the real service.
 *
 * @returns the instant, or null when the value is unparseable (→ InvalidParameterException with
 *          TIMESTAMP_FORMAT_MESSAGE).
 */
export function parseSrpTimestamp(raw: string): Date | null {
  if (typeof raw !== 'string' || raw.length > 100) return null;
  const m = /^\s*([A-Za-z]+)\s+([A-Za-z]+)\s+(\d{1,2})\s+(\d{1,2}):(\d{1,2}):(\d{1,2})\s+(\S+)\s+(\d{4})\s*$/.exec(raw);
  if (m === null) return null;
  if (nameIndex(m[1]!, WEEKDAYS, WEEKDAY_FULL) < 0) return null;
  const month = nameIndex(m[2]!, MONTHS, MONTH_FULL);
  if (month < 0) return null;
  const offset = parseZone(m[7]!);
  if (offset === null) return null;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[8]), month, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  const ms = d.getTime() - offset * 60_000;
  if (!Number.isFinite(ms)) return null;
  return new Date(ms);
}

/**
 * The string the signature must be computed over: the canonical re-format of `raw`, or null when
 * `raw` is unparseable.
 */
export function canonicalSrpTimestamp(raw: string): string | null {
  const d = parseSrpTimestamp(raw);
  return d === null ? null : formatSrpTimestamp(d);
}
