/**
 * A schema issue's message in the caller's language: zod's simplified-Chinese locale for its own
 * checks, and for a schema's own messages (patterns, custom checks) the Chinese each declared
 * beside its English with `withChinese`. Used where a request is parsed (./request-path.ts), so
 * only HTTP functions carry zod's Chinese.
 */
import type { $ZodErrorMap } from 'zod/v4/core';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { chineseOf } from '../schema-locale';
import type { Language } from './language';

const chinese = zhCN().localeError;

/** The error map of a parse for a caller who reads `language` (English: the configured default). */
export const schemaErrorMap = (language: Language): $ZodErrorMap | undefined => (language === 'zh' ? chinese : undefined);

/** An issue's message as that caller reads it: a schema's own English text turned into its Chinese. */
export const schemaMessage = (message: string, language: Language): string => (language === 'zh' ? (chineseOf(message) ?? message) : message);
