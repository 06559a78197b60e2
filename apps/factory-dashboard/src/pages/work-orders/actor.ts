import { useCallback, useState } from 'react';

/** Local-storage key of the name the user acts under until SSO (issue 9) supplies it. */
export const ACTOR_STORAGE_KEY = 'vigie.actor';

/** The stored name, trimmed; '' when none (or storage is disabled). */
export function readActor(): string {
  try {
    return globalThis.localStorage?.getItem(ACTOR_STORAGE_KEY)?.trim() ?? '';
  } catch {
    return '';
  }
}

/** The actor name and its setter (persisted; an empty name is removed). Names are cut to the API's 100 characters. */
export function useActor(): readonly [string, (name: string) => void] {
  const [actor, setState] = useState(readActor);
  const setActor = useCallback((name: string) => {
    const value = name.slice(0, 100);
    setState(value);
    try {
      if (value.trim() === '') globalThis.localStorage?.removeItem(ACTOR_STORAGE_KEY);
      else globalThis.localStorage?.setItem(ACTOR_STORAGE_KEY, value.trim());
    } catch {
      // storage disabled: the name lasts for this page only
    }
  }, []);
  return [actor, setActor] as const;
}
