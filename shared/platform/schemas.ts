/** Shapes of the platform's own endpoints (health). */
import * as z from 'zod/mini';
import '../schema-locale';

export const HealthView = z.object({
  status: z.literal('ok'),
  service: z.string(),
  stage: z.string(),
  time: z.string(),
});
