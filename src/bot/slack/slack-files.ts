import { z } from 'zod';
import type { SlackWebClient } from './slack-client.js';
import { FileTooBig, type IncomingFile, readLimited } from '../../services/attachments.js';

/** How long one download may take, start to end. */
const DOWNLOAD_MS = 30_000;

/** What the bot reads of a file in a `message.im` event (or from `files.info`). */
export const slackFileSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    title: z.string().optional(),
    mimetype: z.string().optional(),
    size: z.number().optional(),
    mode: z.string().optional(),
    url_private_download: z.string().optional(),
    url_private: z.string().optional(),
    /** `check_file_info`: the event carries only the id (large or shared workspaces); `files.info` tells the rest. */
    file_access: z.string().optional(),
  })
  .loose();

export type SlackFile = z.infer<typeof slackFileSchema>;

/** Where Slack keeps the files of a workspace: the bot token is sent there and nowhere else. */
export function isSlackFileLink(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.hostname === 'files.slack.com';
  } catch {
    return false;
  }
}

export interface SlackFileDeps {
  /** The bot token (`files:read`), sent with the download. */
  botToken: string;
  /** `files.info` for a file the event names by id only; undefined when Slack does not answer. */
  fileInfo: (id: string) => Promise<SlackFile | undefined>;
  fetchImpl?: typeof fetch;
}

/** The download deps of the app: the bot token, and `files.info` through the app's Web API client. */
export function slackFileDeps(client: SlackWebClient, botToken: string): SlackFileDeps {
  return {
    botToken,
    fileInfo: async (id) => slackFileSchema.safeParse((await client.files.info({ file: id })).file).data,
  };
}

/**
 * The files of a DM, ready to download with the bot token from `files.slack.com` (`url_private_download`, else
 * `url_private`). A file the event names by id only is looked up with `files.info` when it is downloaded. Deleted
 * files (`mode: tombstone`) and ones hidden by the workspace's plan are skipped; a link anywhere else is never
 * fetched (the download fails, and the person is told).
 */
export function slackIncomingFiles(files: readonly SlackFile[], deps: SlackFileDeps): IncomingFile[] {
  const fetchImpl = deps.fetchImpl ?? fetch;
  const out: IncomingFile[] = [];
  for (const file of files) {
    if (file.mode === 'tombstone' || file.mode === 'hidden_by_limit') continue;
    if (!file.id && !file.url_private_download && !file.url_private) continue;
    const name = file.name ?? file.title ?? 'file';
    out.push({
      name,
      ...(file.mimetype ? { contentType: file.mimetype } : {}),
      ...(file.size !== undefined ? { size: file.size } : {}),
      download: async (maxBytes) => {
        let known = file;
        if (!known.url_private_download && !known.url_private && known.id)
          known = (await deps.fileInfo(known.id)) ?? known;
        if (known.size !== undefined && known.size > maxBytes) throw new FileTooBig(maxBytes);
        const url = known.url_private_download ?? known.url_private ?? '';
        if (!isSlackFileLink(url)) throw new Error('the file has no Slack download link');
        const res = await fetchImpl(url, {
          headers: { authorization: `Bearer ${deps.botToken}` },
          signal: AbortSignal.timeout(DOWNLOAD_MS),
        });
        const data = await readLimited(res, maxBytes);
        const better = known.name ?? known.title;
        return {
          data,
          ...(better ? { name: better } : {}),
          ...(known.mimetype ? { contentType: known.mimetype } : {}),
        };
      },
    });
  }
  return out;
}
