import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** The dashboard's languages: French (the specification's) and English. */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * A page's or component's messages, one dictionary per language with the same keys (the type forces it). Values may
 * hold `{name}` placeholders filled from `t(key, { name })`.
 */
export type Messages<K extends string> = { readonly [L in Language]: Readonly<Record<K, string>> };

/** Declares a message catalogue; `fr` and `en` must define the same keys. */
export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

export const LANGUAGE_STORAGE_KEY = 'vigie.language';

interface I18nValue {
  readonly language: Language;
  readonly setLanguage: (language: Language) => void;
  /** BCP 47 tag for Intl formatting (`fr-FR`, `en-GB`). */
  readonly locale: string;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Initial language: the one stored, else the browser's when it is French, else English. */
export function initialLanguage(stored: string | null, navigatorLanguage: string | undefined): Language {
  if (stored === 'fr' || stored === 'en') return stored;
  return navigatorLanguage?.toLowerCase().startsWith('fr') === true ? 'fr' : 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled: the choice lasts for the page only
  }
}

export function I18nProvider({ children, language: forced }: { readonly children: ReactNode; readonly language?: Language }) {
  const [language, setState] = useState<Language>(() => forced ?? initialLanguage(readStored(), globalThis.navigator?.language));
  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try {
      globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // storage disabled: keep the choice for this page only
    }
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18nValue>(() => ({ language, setLanguage, locale: language === 'fr' ? 'fr-FR' : 'en-GB' }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useLanguage(): I18nValue {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useLanguage needs an <I18nProvider> above it');
  return value;
}

/** Fills `{name}` placeholders; a missing value leaves the placeholder visible rather than printing "undefined". */
export function format(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (vars === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `t(key, vars)` over a catalogue, in the current language. */
export function useT<K extends string>(messages: Messages<K>): (key: K, vars?: Readonly<Record<string, string | number>>) => string {
  const { language } = useLanguage();
  return useCallback((key: K, vars?: Readonly<Record<string, string | number>>) => format(messages[language][key], vars), [messages, language]);
}
