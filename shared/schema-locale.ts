/**
 * English validation messages for the `zod/mini` schemas. Classic `zod` registers English on
 * first use; `zod/mini` registers no locale, so without this every message that has no custom
 * text would read "Invalid input" — and clients see these (`errors[].message` of a problem). Like
 * classic zod, it sets English only while no locale is configured. Imported by every
 * `shared/<capability>/schemas.ts`, for that effect and for `withChinese`, which gives a schema's
 * own messages their Chinese.
 */
import { config } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

if (!config().localeError) config(en());

const chineseTexts = new Map<string, string>();

/**
 * A schema's own message (a pattern's, a custom check's): the English text, with the Chinese
 * registered beside it for callers who prefer Chinese (shared/http/schema-messages.ts). Each
 * capability's schemas register their own, so a bundle holds only the texts it can answer with.
 */
export function withChinese(english: string, chinese: string): string {
  chineseTexts.set(english, chinese);
  return english;
}

/** The Chinese of a schema's own message, if it declared one with `withChinese`. */
export const chineseOf = (english: string): string | undefined => chineseTexts.get(english);
