/**
 * English validation messages for the `zod/mini` schemas. Classic `zod` registers English on
 * first use; `zod/mini` registers no locale, so without this every message that has no custom
 * text would read "Invalid input" — and clients see these (`errors[].message` of a problem). Like
 * classic zod, it sets English only while no locale is configured. Imported for its effect by
 * every `shared/<capability>/schemas.ts`.
 */
import { config } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';

if (!config().localeError) config(en());
