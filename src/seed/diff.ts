/**
 * What changes between a stored configuration and the one the config file asks for, as
 * leaf paths (`Policies.PasswordPolicy.MinimumLength`): one line each in the log and in
 * `alcove apply --plan`. Objects are compared member by member, key order aside; arrays and
 * scalars are compared whole. Pure.
 */

export interface SettingChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted, so that equal values print (and compare) the same. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  return JSON.stringify(value);
}

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** The leaves of `after` that differ from `before` (members only in `before` count as removed). */
export function diffSettings(before: unknown, after: unknown, prefix = ''): SettingChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => before[k] !== undefined || after[k] !== undefined)
      .sort();
    return keys.flatMap((k) => diffSettings(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return sameValue(before, after) ? [] : [{ path: prefix, before, after }];
}

/** `path before → after`, values as JSON; an absent value reads as `(none)`. */
export function describeChange(change: SettingChange): string {
  const show = (v: unknown) => (v === undefined ? '(none)' : canonical(v));
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}

/** The members of `source` named in `keys`, those present only. */
export function pick<K extends string>(source: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
