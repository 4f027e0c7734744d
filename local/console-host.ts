/**
 * Serves the built admin console (console/dist) at /console/ on the local gateway's port, with
 * the `config.json` deployed beside it on AWS (API URL and sign-in settings, written at deploy
 * time there; here it names this gateway and the local hosted UI), and the same security headers
 * CloudFront adds (infra/console-stack.ts). Routes of the single-page app answer index.html.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { LOCAL_AUDIENCE } from './local-idp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The console's Content-Security-Policy: scripts only from its own origin; the API, the identity provider and presigned S3 URLs to talk to or show. */
export function consoleCsp(connect: string[], images: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Ant Design writes its CSS-in-JS styles into <style> elements.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${images.join(' ')}`,
    `connect-src 'self' ${connect.join(' ')}`,
    `frame-src ${images.join(' ') || "'none'"}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${connect.join(' ')}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface ConsoleHost {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

export function consoleHost(distDir: string): ConsoleHost {
  return {
    handle(req, res, url) {
      if (url.pathname === '/console') {
        res.writeHead(301, { location: '/console/' }).end();
        return true;
      }
      if (!url.pathname.startsWith('/console/')) return false;
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      const headers = {
        'content-security-policy': consoleCsp([origin], ['http://127.0.0.1:*', 'http://localhost:*']),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'strict-origin-when-cross-origin',
      };
      if (url.pathname === '/console/config.json') {
        // The same shape the stack writes at deploy time (infra/console-stack.ts).
        res.writeHead(200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ apiUrl: origin, auth: { domain: origin, clientId: LOCAL_AUDIENCE, scopes: ['openid', 'profile'] }, environment: 'local', operatorRootId: 'gd' }));
        return true;
      }
      const index = path.join(distDir, 'index.html');
      if (!existsSync(index)) {
        res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('The console is not built: npm run console:build');
        return true;
      }
      const relative = decodeURIComponent(url.pathname.slice('/console/'.length));
      let file = path.resolve(distDir, relative);
      if (!file.startsWith(distDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
        // An app route (no extension) is the app; a missing asset is a 404.
        if (path.extname(relative)) {
          res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
          return true;
        }
        file = index;
      }
      const hashed = relative.startsWith('assets/');
      res.writeHead(200, {
        ...headers,
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(readFileSync(file));
      return true;
    },
  };
}
