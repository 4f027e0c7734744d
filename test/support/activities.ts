/** Activities for the end-to-end tests: made through the API by an admin, members signed up through it. */
import { expect } from 'vitest';
import { call } from './api';

const hour = 3600_000;

/**
 * An activity organised by `organisationId`, created by `admin`. By default it starts in two
 * days; `startsInMs` below two hours puts it within its check-in window now.
 */
export async function activityIn(
  admin: string,
  organisationId: string,
  options: { capacity?: number; startsInMs?: number; offerHours?: number; audience?: Record<string, unknown>; title?: string } = {},
) {
  const startsAt = new Date(Date.now() + (options.startsInMs ?? 48 * hour));
  const response = await call('POST', '/activities', {
    user: admin,
    body: {
      organisationId,
      title: options.title ?? '职工趣味运动会',
      description: '拔河、跳绳、**接力跑**。请穿运动鞋。',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * hour).toISOString(),
      place: { kind: 'venue', address: '天河体育中心东门' },
      capacity: options.capacity ?? 10,
      offerHours: options.offerHours ?? 2,
      ...(options.audience && { audience: options.audience }),
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { activityId: string; startsAt: string; endsAt: string };
}

/** `user` signs up; answers her place. */
export async function signUp(user: string, activityId: string, expected: 'signed-up' | 'waiting' = 'signed-up') {
  const response = await call('POST', `/activities/${activityId}/sign-up`, { user });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.status).toBe(expected);
  return response.body as { status: string; position?: number };
}
