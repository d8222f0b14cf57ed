import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import type { CaseStore, StoredFile } from '../models/case-store.js';
import { wellFormed } from '../services/attachments.js';

export interface FileRoutesDeps {
  store: Pick<CaseStore, 'getFile'>;
}

/** An attachment id: 256 random bits as base64url, 43 characters. */
const FILE_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Raster images a browser shows inline; anything else (SVG and HTML can run script, PDF has its own viewer) is
 * only ever downloaded.
 */
const INLINE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Headers on every answer of the route: nothing the file holds may run, sniff, leak a referrer or be cached long. */
const SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'referrer-policy': 'no-referrer',
} as const;

/**
 * Attachment downloads without a user session: `GET /files/<id>/<name>` (and HEAD). As with report charts, the
 * random id is the capability, and the case card that shows the link is what guards it; `<name>` only makes the
 * browser save the file under a sensible name and is ignored. Raster images are served inline with their type,
 * every other file as an `application/octet-stream` download, always with `nosniff` and a sandboxing CSP. An id
 * that is malformed or unknown is a plain 404; a store that does not answer is a 503 with a short text.
 */
export function mountFileRoutes(app: Express, deps: FileRoutesDeps): void {
  app.use('/files', async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.set(SAFETY_HEADERS);
      // Split by hand rather than with route parameters: the name is never decoded, so no odd encoding of it
      // can turn a download into a 400.
      const parts = req.path.split('/');
      if (parts.length !== 3 || parts[0] !== '' || !parts[2]) return notFound(res);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.set('allow', 'GET, HEAD').status(405).type('text/plain').send('Method not allowed.\n');
        return;
      }
      const id = parts[1] ?? '';
      if (!FILE_ID.test(id)) return notFound(res);
      let file: StoredFile | null;
      try {
        file = await deps.store.getFile(id);
      } catch (err) {
        (res.locals.log as Logger | undefined)?.warn({ err }, 'the store did not answer a file download');
        res.set('cache-control', 'no-store').status(503).type('text/plain');
        res.send('The file cannot be fetched right now. Please try again in a moment.\n');
        return;
      }
      if (!file) return notFound(res);
      res.set(fileHeaders(file));
      res.send(file.data);
    } catch (err) {
      next(err);
    }
  });
}

function notFound(res: Response): void {
  res.status(404).json({ error: 'not found' });
}

/** Content type and disposition of a stored file, and how long a browser may keep it. */
export function fileHeaders(file: Pick<StoredFile, 'name' | 'contentType'>): Record<string, string> {
  const type = file.contentType.toLowerCase();
  const inline = INLINE_TYPES.has(type);
  return {
    'content-type': inline ? type : 'application/octet-stream',
    'content-disposition': inline ? 'inline' : attachmentDisposition(file.name),
    'cache-control': 'private, max-age=300',
  };
}

/**
 * `attachment; filename="<ascii>"; filename*=UTF-8''<encoded>` (RFC 6266 / 8187): browsers that read `filename*`
 * get the name as sent, older ones an ASCII stand-in without quotes, backslashes or percent signs (which some
 * decode).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_').trim() || 'file';
  const encoded = encodeURIComponent(wellFormed(name)).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
