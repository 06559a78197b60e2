import { isSealed, type Keyring } from './keyring';

/**
 * Sealing the secret fields of a JSON document (a jsonb column) in place of their plaintext, by dotted path
 * (`user.password`). Each field is bound to `<context>/<path>` so a sealed value only opens where it was sealed.
 * Paths that are absent or not strings are left alone; the input is never mutated.
 */
export type FieldPath = string;

export const MASK = '********';

function mapField(doc: unknown, field: FieldPath, fn: (value: string) => string): unknown {
  const [head, ...rest] = field.split('.');
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || head === undefined || !(head in doc)) return doc;
  const record = doc as Record<string, unknown>;
  const value = record[head];
  const next = rest.length ? mapField(value, rest.join('.'), fn) : typeof value === 'string' ? fn(value) : value;
  return next === value ? doc : { ...record, [head]: next };
}

function mapFields<T>(doc: T, fields: readonly FieldPath[], fn: (value: string, field: FieldPath) => string): T {
  return fields.reduce<unknown>((d, field) => mapField(d, field, (v) => fn(v, field)), doc) as T;
}

/** Seals plaintext fields and reseals fields sealed with an older key; `changed` says whether the stored row needs a rewrite. */
export function sealFields<T>(keyring: Keyring, doc: T, fields: readonly FieldPath[], context: string): { value: T; changed: boolean } {
  let changed = false;
  const value = mapFields(doc, fields, (v, field) => {
    const ctx = `${context}/${field}`;
    if (isSealed(v) && !keyring.needsReseal(v)) return v;
    changed = true;
    return isSealed(v) ? keyring.reseal(v, ctx) : keyring.seal(v, ctx);
  });
  return { value, changed };
}

/** Opens the sealed fields (SECRET_* errors when it cannot); a plaintext field is returned as it is. */
export function openFields<T>(keyring: Keyring, doc: T, fields: readonly FieldPath[], context: string): T {
  return mapFields(doc, fields, (v, field) => (isSealed(v) ? keyring.open(v, `${context}/${field}`) : v));
}

/** Replaces each secret field by a fixed mask, for API responses and logs. */
export function maskFields<T>(doc: T, fields: readonly FieldPath[]): T {
  return mapFields(doc, fields, () => MASK);
}

/** True when any of the fields holds a sealed value. */
export function hasSealedFields(doc: unknown, fields: readonly FieldPath[]): boolean {
  let found = false;
  mapFields(doc, fields, (v) => {
    found ||= isSealed(v);
    return v;
  });
  return found;
}
