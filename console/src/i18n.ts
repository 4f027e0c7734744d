/**
 * The console's two languages: Chinese first, English as a switch. The choice is kept in
 * localStorage (it is no secret) and sent to the API as Accept-Language, so problem documents
 * come back in it too.
 */
import { useSyncExternalStore } from 'react';
import { en } from './messages/en';
import { zh, type Messages } from './messages/zh';

export type Language = 'zh' | 'en';
const KEY = 'console.language';
const listeners = new Set<() => void>();
let language: Language = (typeof localStorage !== 'undefined' && localStorage.getItem(KEY) === 'en') ? 'en' : 'zh';

export const currentLanguage = () => language;

export function setLanguage(next: Language) {
  language = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export type MessageKey = keyof Messages;

/** Translates `key`, filling `{name}` placeholders from `values`. */
export function translate(key: string, values?: Record<string, string | number>): string {
  const table = (language === 'zh' ? zh : en) as Record<string, string>;
  const text = table[key] ?? (zh as Record<string, string>)[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)) : text;
}

/** The current language and a translator that re-renders the caller when the language changes. */
export function useI18n() {
  const current = useSyncExternalStore(subscribe, currentLanguage);
  return { language: current, t: (key: MessageKey, values?: Record<string, string | number>) => translate(key, values) };
}

/** Money in fen, shown as yuan. */
export const yuan = (fen: number | undefined) => (fen === undefined ? '—' : `¥${(fen / 100).toFixed(2)}`);
