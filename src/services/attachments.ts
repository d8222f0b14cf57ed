import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { ATTACHMENT_MAX_BYTES, type AttachmentRef, type Locale, type Person, toRef } from '../models/case.js';
import type { CaseStore } from '../models/case-store.js';
import type { Clock } from './clock.js';
import type { Slots } from './slots.js';

/** A downloaded file: the bytes, and the name and type when the download told them better (Slack's `files.info`). */
export interface Downloaded {
  data: Buffer;
  name?: string;
  contentType?: string;
}

/**
 * A picture or file as a transport hands it over, before anything is downloaded: what the platform says of it and
 * how to fetch its bytes (Teams: the Bot Connector or a SharePoint download link; Slack: `url_private_download`
 * with the bot token). `download` throws `FileTooBig` past `maxBytes`.
 */
export interface IncomingFile {
  name: string;
  contentType?: string;
  /** Bytes, when the platform says (Teams file shares, Slack); checked before downloading. */
  size?: number;
  download(maxBytes: number): Promise<Downloaded>;
}

/** Thrown by `IncomingFile.download` (and `readLimited`) when a file is bigger than allowed. */
export class FileTooBig extends Error {
  constructor(readonly limit: number) {
    super(`file larger than ${limit} bytes`);
    this.name = 'FileTooBig';
  }
}

export type RefusedFile = { name: string; reason: 'too_big' | 'failed' };

export interface KeptFiles {
  /** Stored (not yet on a case: the caller adds them to a draft or a case), in the order sent. */
  kept: AttachmentRef[];
  refused: RefusedFile[];
}

export interface KeepFilesDeps {
  store: Pick<CaseStore, 'saveFile'>;
  clock: Clock;
  logger: Logger;
  /** Per file; default `ATTACHMENT_MAX_BYTES`. */
  maxBytes?: number;
  /**
   * The process's download slots (`FILE_DOWNLOAD_SLOTS`), shared by every platform: a file's bytes are held from
   * its download until it is stored, so a burst of big uploads holds at most this many at once. Default: none.
   */
  slots?: Slots;
}

/**
 * Files downloaded and stored at once in one process (each up to `ATTACHMENT_MAX_BYTES`, held in memory until
 * stored): a Monday morning of screenshots must not take the memory the bot runs in. The others wait their turn.
 */
export const FILE_DOWNLOAD_SLOTS = 3;

/** Half of a surrogate pair with no other half, which `encodeURIComponent` refuses. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with any half of a surrogate pair replaced by U+FFFD, so it can always be percent-encoded. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** A file name safe to show and to put in a link: the last path part, no control characters, at most 120. */
export function cleanFileName(raw: string): string {
  const base = wellFormed(raw.split(/[\\/]/).pop() ?? '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return 'file';
  // Counted and cut by characters (code points), never inside an emoji's surrogate pair.
  const chars = Array.from(cleaned);
  if (chars.length <= 120) return cleaned;
  const dot = chars.lastIndexOf('.');
  const ext = dot > 0 && chars.length - dot <= 10 ? chars.slice(dot) : [];
  return `${chars.slice(0, 120 - ext.length - 1).join('')}…${ext.join('')}`;
}

/** A MIME type as given, lower case and without parameters; `application/octet-stream` when missing or odd. */
export function cleanContentType(raw: string | undefined): string {
  const type = (raw ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : 'application/octet-stream';
}

/** The four picture formats, told by their first bytes. */
function sniffImage(data: Buffer): string | undefined {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return undefined;
}

/**
 * The type to keep: the platform's, unless it gave none or a vague one (Teams says `image/*` for a pasted
 * picture, nothing for a shared file), then the picture format the bytes show, else `application/octet-stream`.
 */
function typeOf(given: string | undefined, data: Buffer): string {
  const type = cleanContentType(given);
  if (type !== 'application/octet-stream' && !given?.includes('*')) return type;
  return sniffImage(data) ?? 'application/octet-stream';
}

/**
 * Downloads what a person sent and stores it, unlinked (a draft's or a case's caller links it), one file at a
 * time: a file the platform says is too big is not downloaded at all, one that turns out too big while
 * downloading is dropped, one that cannot be fetched is reported — the others are kept either way. Never throws
 * for a file; a store failure (`STORE.UNAVAILABLE`) does throw, as for any other write.
 */
export async function keepFiles(
  deps: KeepFilesDeps,
  person: Person,
  files: readonly IncomingFile[],
): Promise<KeptFiles> {
  const max = deps.maxBytes ?? ATTACHMENT_MAX_BYTES;
  const kept: AttachmentRef[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    const name = cleanFileName(file.name);
    if (file.size !== undefined && file.size > max) {
      refused.push({ name, reason: 'too_big' });
      continue;
    }
    const keep = async (): Promise<AttachmentRef | RefusedFile> => {
      let got: Downloaded;
      try {
        got = await file.download(max);
      } catch (err) {
        if (err instanceof FileTooBig) return { name, reason: 'too_big' };
        deps.logger.warn({ err, name }, 'could not download a file a person sent');
        return { name, reason: 'failed' };
      }
      const { data } = got;
      const ref: AttachmentRef = {
        id: randomBytes(32).toString('base64url'),
        name: got.name ? cleanFileName(got.name) : name,
        contentType: typeOf(got.contentType ?? file.contentType, data),
        size: data.length,
        at: deps.clock.now().toISOString(),
        by: toRef(person),
      };
      await deps.store.saveFile({ ...ref, data });
      return ref;
    };
    const outcome = deps.slots ? await deps.slots.run(keep) : await keep();
    if ('reason' in outcome) refused.push(outcome);
    else kept.push(outcome);
  }
  return { kept, refused };
}

/**
 * Reads a response body into a Buffer, failing with `FileTooBig` as soon as it passes `maxBytes` (a declared
 * `content-length` over it fails before reading) and with the response status when it is not a success.
 */
export async function readLimited(res: Response, maxBytes: number): Promise<Buffer> {
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`download answered ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new FileTooBig(maxBytes);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FileTooBig(maxBytes);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/** "240 KB", "1.2 MB" ("1,2 MB" in Danish). */
export function formatBytes(bytes: number, locale: Locale): string {
  const [value, unit] =
    bytes < 1024 ? [bytes, 'B'] : bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  const digits = unit === 'MB' && value < 10 ? 1 : 0;
  const text = value.toFixed(digits);
  return `${locale === 'da' ? text.replace('.', ',') : text} ${unit}`;
}

/** "a.png, b.pdf" for notes and thread messages. */
export function fileNames(files: readonly Pick<AttachmentRef, 'name'>[]): string {
  return files.map((f) => f.name).join(', ');
}

const MB = Math.round(ATTACHMENT_MAX_BYTES / (1024 * 1024));

/** What a person is told about the files of one message: which were kept where, and which not, and why. */
export const attachmentTexts = {
  keptWithReport: {
    da: (names: string) => `📎 Gemt med din anmeldelse: ${names}.`,
    en: (names: string) => `📎 Kept with your report: ${names}.`,
  },
  keptOnCase: {
    da: (names: string, number: string) => `📎 Lagt på ${number}: ${names}.`,
    en: (names: string, number: string) => `📎 Added to ${number}: ${names}.`,
  },
  /**
   * Files sent with an addition that was not taken (`add` to a solved, closed or unknown case): on no case. `on`: the
   * case they were meant for, and whether they may be sent again once it is reopened (`again`).
   */
  notAdded: {
    da: (names: string, on?: { number: string; again: boolean }) =>
      on
        ? `📎 Ikke lagt på ${on.number}: ${names}.${on.again ? ` Når sagen er genåbnet, kan du sende dem igen med "tilføj ${on.number}".` : ''}`
        : `📎 Ikke lagt på nogen sag: ${names}.`,
    en: (names: string, on?: { number: string; again: boolean }) =>
      on
        ? `📎 Not added to ${on.number}: ${names}.${on.again ? ` Once the case is reopened, you can send them again with "add ${on.number}".` : ''}`
        : `📎 Not added to any case: ${names}.`,
  },
  tooBig: {
    da: (names: string) => `Ikke gemt, større end ${MB} MB: ${names}. Del et link eller et mindre billede.`,
    en: (names: string) => `Not kept, larger than ${MB} MB: ${names}. Share a link or a smaller picture.`,
  },
  failed: {
    da: (names: string) => `Kunne ikke hente: ${names}. Prøv at sende den igen om lidt.`,
    en: (names: string) => `Could not fetch: ${names}. Please try sending it again in a moment.`,
  },
  tooMany: {
    da: (names: string, max: number) => `En sag kan have ${max} vedhæftede filer; ikke gemt: ${names}.`,
    en: (names: string, max: number) => `A case holds ${max} attachments; not kept: ${names}.`,
  },
  formLabel: {
    da: 'Billeder eller filer (valgfrit)',
    en: 'Pictures or files (optional)',
  },
  notWithOrder: {
    da: 'En bestilling tager ikke imod filer, så filen er ikke gemt. Skriv det, den viser, hvis det er vigtigt.',
    en: 'An order does not take files, so the file was not kept. Write what it shows if it matters.',
  },
  notHere: {
    da:
      'Filer gemmes, når du anmelder noget (send dem undervejs), svarer på et spørgsmål fra supporten, eller med ' +
      '"tilføj INC-000123" skrevet sammen med filen. Denne fil er ikke gemt.',
    en:
      'Files are kept while you report something (send them along the way), with your answer to a question from ' +
      'support, or with "add INC-000123" written with the file. This file was not kept.',
  },
} as const;

/** The refusal lines for `refused` files (empty when all were kept). */
export function refusedNote(locale: Locale, refused: readonly RefusedFile[]): string {
  const big = refused.filter((r) => r.reason === 'too_big');
  const failed = refused.filter((r) => r.reason === 'failed');
  return [
    big.length > 0 ? attachmentTexts.tooBig[locale](fileNames(big)) : '',
    failed.length > 0 ? attachmentTexts.failed[locale](fileNames(failed)) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
