/**
 * Builds the Teams app package (manifest.json + color.png + outline.png in a zip) for upload to Teams / the
 * Developer Portal. The app id and the bot's domain come as arguments; `npm run manifest` passes the environment
 * values APP_ID (or TEAMS_CLIENT_ID) and BOT_DOMAIN:
 *
 *   APP_ID=<guid> BOT_DOMAIN=bot.example.org npm run manifest   →   dist/teams-app.zip
 *
 * Options: --app-id <guid>  --domain <host>  [--version <semver>]  [--out <file>]. The zip is written with
 * node:zlib (deflate + crc32), no archiver needed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';
import { z } from 'zod';

const MANIFEST_DIR = path.resolve(import.meta.dirname, '../manifest/teams');

export const manifestOptionsSchema = z.object({
  appId: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, "must be the bot's Entra app id (a GUID); set APP_ID"),
  domain: z
    .string()
    .trim()
    .transform((d) => d.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
    .refine((d) => /^[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)+$/i.test(d), 'must be a host name; set BOT_DOMAIN'),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'must be x.y.z')
    .optional(),
});
export type ManifestOptions = z.infer<typeof manifestOptionsSchema>;

/** The manifest template with the app id (also the bot id), valid domain and optionally the version filled in. */
export function buildManifest(template: Record<string, unknown>, opts: ManifestOptions): Record<string, unknown> {
  const bots = (template['bots'] as Record<string, unknown>[] | undefined) ?? [];
  return {
    ...template,
    id: opts.appId,
    ...(opts.version ? { version: opts.version } : {}),
    bots: bots.map((b) => ({ ...b, botId: opts.appId })),
    validDomains: [opts.domain],
  };
}

/** A zip archive (deflated entries, no directories) of the given files. */
export function zipFiles(files: { name: string; data: Buffer }[], date = new Date(2020, 0, 1)): Buffer {
  const dosTime = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
  const dosDate = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const body = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** Reads the template and icons from `dir` and returns the app package. */
export function buildTeamsPackage(opts: ManifestOptions, dir = MANIFEST_DIR): Buffer {
  const template = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifest = buildManifest(template, opts);
  return zipFiles([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: readFileSync(path.join(dir, 'color.png')) },
    { name: 'outline.png', data: readFileSync(path.join(dir, 'outline.png')) },
  ]);
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      'app-id': { type: 'string' },
      domain: { type: 'string' },
      version: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const parsed = manifestOptionsSchema.safeParse({
    appId: values['app-id'] ?? '',
    domain: values.domain ?? '',
    ...(values.version ? { version: values.version } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
    return 2;
  }
  const out = path.resolve(values.out ?? 'dist/teams-app.zip');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, buildTeamsPackage(parsed.data));
  console.log(`wrote ${out} (app id ${parsed.data.appId}, domain ${parsed.data.domain})`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
