/** Shapes of the platform's own endpoints (health). */
import { z } from 'zod';

export const HealthView = z.object({
  status: z.literal('ok'),
  service: z.string(),
  stage: z.string(),
  time: z.string(),
});
