import { MlError } from '../errors';
import type { DetectorState } from './detector';

/**
 * Readers for serialized detector states: each returns the field typed, or fails with ML_BAD_STATE naming it, so a
 * corrupt or foreign state never yields a half-built detector.
 */
export function expectState(state: unknown, kind: string, version: number): DetectorState {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw bad('state is not an object');
  const s = state as DetectorState;
  if (s.kind !== kind) throw bad(`kind is ${JSON.stringify(s.kind)}, expected ${JSON.stringify(kind)}`);
  if (s.version !== version) throw bad(`${kind} state version ${JSON.stringify(s.version)} is not ${version}`);
  return s;
}

export function readNumber(state: DetectorState, field: string): number {
  const v = state[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${state.kind}.${field} is not a finite number`);
  return v;
}

export function readInt(state: DetectorState, field: string, min: number): number {
  const v = readNumber(state, field);
  if (!Number.isInteger(v) || v < min) throw bad(`${state.kind}.${field} is not an integer ≥ ${min}`);
  return v;
}

export function readBoolean(state: DetectorState, field: string): boolean {
  const v = state[field];
  if (typeof v !== 'boolean') throw bad(`${state.kind}.${field} is not a boolean`);
  return v;
}

/** A finite number[] of exactly `length` values (any length when omitted), as a Float64Array. */
export function readArray(state: DetectorState, field: string, length?: number): Float64Array {
  const v = state[field];
  if (!Array.isArray(v) || (length !== undefined && v.length !== length) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw bad(`${state.kind}.${field} is not an array of ${length ?? 'any number of'} finite numbers`);
  }
  return Float64Array.from(v as number[]);
}

export function bad(reason: string): MlError {
  return new MlError('ML_BAD_STATE', reason);
}
