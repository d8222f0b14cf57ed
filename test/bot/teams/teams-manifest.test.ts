import { readFileSync } from 'node:fs';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildManifest, buildTeamsPackage, manifestOptionsSchema } from '../../../scripts/build-teams-manifest.js';

const template = JSON.parse(readFileSync('manifest/teams/manifest.json', 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync('test/fixtures/schemas/teams-manifest.v1.30.schema.json', 'utf8')) as Record<
  string,
  unknown
>;

function validator() {
  const { $schema: _draft, ...body } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  return ajv.compile(body);
}

/** Width, height and RGBA pixels of an 8-bit RGBA PNG without interlacing (what the icon script writes). */
function decodePng(png: Buffer) {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9]!;
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    expect(raw[row]).toBe(0);
    for (let x = 0; x < width; x++) pixels.push([...raw.subarray(row + 1 + x * 4, row + 5 + x * 4)]);
  }
  return { width, height, colorType, pixels };
}

/** The files in a zip made of deflated entries (what the build script writes). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let pos = 0;
  while (zip.readUInt32LE(pos) === 0x04034b50) {
    const size = zip.readUInt32LE(pos + 18);
    const nameLen = zip.readUInt16LE(pos + 26);
    const extraLen = zip.readUInt16LE(pos + 28);
    const name = zip.toString('utf8', pos + 30, pos + 30 + nameLen);
    const start = pos + 30 + nameLen + extraLen;
    files.set(name, inflateRawSync(zip.subarray(start, start + size)));
    pos = start + size;
  }
  return files;
}

const OPTS = { appId: '11111111-2222-4333-8444-555555555555', domain: 'bot.au.dk' };

describe('Teams app manifest', () => {
  it('validates against the official v1.30 schema when taken as committed', () => {
    const validate = validator();
    expect(validate(template), JSON.stringify(validate.errors)).toBe(true);
    expect(template['manifestVersion']).toBe('1.30');
  });

  it('lists the personal and channel commands of the bot in all three scopes', () => {
    const bot = (
      template['bots'] as { scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[]
    )[0]!;
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    const titles = (scope: string) =>
      bot.commandLists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
    expect(titles('personal')).toEqual([
      'new',
      'status',
      'add',
      'mine',
      'help',
      'order',
      'queue',
      'search',
      'similar',
      'stats',
    ]);
    expect(titles('team')).toEqual(['queue', 'status', 'search', 'similar', 'help', 'stats', 'major']);
  });

  it('refuses a schema violation when the built manifest is broken', () => {
    const validate = validator();
    expect(validate({ ...buildManifest(template, OPTS), accentColor: 'blue' })).toBe(false);
    expect(validate({ ...buildManifest(template, OPTS), id: 'not-a-guid' })).toBe(false);
  });

  it('has a 192x192 colour icon and a transparent white 32x32 outline icon', () => {
    const color = decodePng(readFileSync('manifest/teams/color.png'));
    expect([color.width, color.height, color.colorType]).toEqual([192, 192, 6]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    const outline = decodePng(readFileSync('manifest/teams/outline.png'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 255)).toBe(true);
    expect(outline.pixels.filter((p) => p[3] !== 0).every((p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).toBe(
      true,
    );
  });

  it('packs the manifest with the app id and domain filled in when building the zip', () => {
    const files = unzip(buildTeamsPackage(OPTS));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest['id']).toBe(OPTS.appId);
    expect((manifest['bots'] as { botId: string }[])[0]!.botId).toBe(OPTS.appId);
    expect(manifest['validDomains']).toEqual(['bot.au.dk']);
    expect(validator()(manifest)).toBe(true);
    expect(files.get('color.png')!.equals(readFileSync('manifest/teams/color.png'))).toBe(true);
  });

  it('refuses options when the app id is not a GUID or the domain is missing', () => {
    expect(manifestOptionsSchema.safeParse({ appId: 'abc', domain: 'bot.au.dk' }).success).toBe(false);
    expect(manifestOptionsSchema.safeParse({ appId: OPTS.appId, domain: '' }).success).toBe(false);
    expect(manifestOptionsSchema.parse({ appId: OPTS.appId, domain: 'https://bot.au.dk/api/messages' }).domain).toBe(
      'bot.au.dk',
    );
  });
});
