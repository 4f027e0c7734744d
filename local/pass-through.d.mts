import type { Agent, IncomingMessage, ServerResponse } from 'node:http';

export function passThrough(target: { hostname: string; port: number | string }, agent: Agent, request: IncomingMessage, response: ServerResponse, body?: Buffer): void;
