import { type IncomingFile, readLimited } from '../../services/attachments.js';
import type { InboundActivity } from './teams-activity.js';

/** The attachment type of a file shared in a Teams chat (OneDrive / SharePoint), with a `downloadUrl`. */
export const TEAMS_FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** How long one download may take, start to end. */
const DOWNLOAD_MS = 30_000;

/** File extensions Teams gives in `content.fileType`, for a name without one. */
const IMAGE_EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Whether a shared file's download link points where Teams keeps files (SharePoint, over HTTPS): the bot fetches
 * only such links, so a forged activity cannot make it fetch anything else.
 */
export function isSharePointLink(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && /(^|\.)sharepoint(-df)?\.(com|us|de|cn)$/i.test(url.hostname);
  } catch {
    return false;
  }
}

/** Whether an inline picture's link is on the Bot Connector the activity came from (the only place the token goes). */
export function isOnServiceUrl(raw: string, serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    return new URL(raw).origin === new URL(serviceUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The pictures and files of a Teams message, ready to download: a pasted or inline picture (fetched from the Bot
 * Connector with the bot's own token, `authorization`, which goes nowhere else) and a file shared from OneDrive
 * or SharePoint (its pre-authorised, short-lived `downloadUrl`, fetched without a token). Anything else — the
 * `text/html` copy of a formatted message, cards, links elsewhere — is not a file the person sent.
 */
export function teamsIncomingFiles(
  activity: InboundActivity,
  authorization: string | undefined,
  fetchImpl: typeof fetch = fetch,
): IncomingFile[] {
  const files: IncomingFile[] = [];
  const get = async (url: string, headers: Record<string, string>, maxBytes: number) => ({
    data: await readLimited(await fetchImpl(url, { headers, signal: AbortSignal.timeout(DOWNLOAD_MS) }), maxBytes),
  });
  let pictures = 0;
  for (const a of activity.attachments ?? []) {
    const type = a.contentType?.toLowerCase() ?? '';
    if (type === TEAMS_FILE_INFO) {
      const content = (typeof a.content === 'object' && a.content !== null ? a.content : {}) as Record<string, unknown>;
      const url = typeof content['downloadUrl'] === 'string' ? content['downloadUrl'] : '';
      if (!isSharePointLink(url)) continue;
      const fileType = typeof content['fileType'] === 'string' ? content['fileType'] : '';
      const name = a.name ?? (fileType ? `file.${fileType}` : 'file');
      files.push({ name, download: (max) => get(url, {}, max) });
    } else if (type.startsWith('image/') && a.contentUrl && isOnServiceUrl(a.contentUrl, activity.serviceUrl)) {
      const url = a.contentUrl;
      pictures++;
      const ext = IMAGE_EXT[type] ?? 'png';
      const name = a.name ?? (pictures === 1 ? `picture.${ext}` : `picture-${pictures}.${ext}`);
      const headers: Record<string, string> = authorization ? { authorization } : {};
      files.push({ name, contentType: type, download: (max) => get(url, headers, max) });
    }
  }
  return files;
}
