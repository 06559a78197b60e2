import { useRef } from 'react';

/**
 * `value` as long as its `key` is unchanged, else the new value. The live plant state rebuilds objects on every
 * message (a new `lastRul` object for the same prediction); keyed by identity (an id, ids joined), a chart panel
 * wrapped in memo() only redraws when what it shows changed.
 */
export function useStable<T>(value: T, key: string): T {
  const kept = useRef<{ key: string; value: T } | null>(null);
  if (kept.current === null || kept.current.key !== key) kept.current = { key, value };
  return kept.current.value;
}
