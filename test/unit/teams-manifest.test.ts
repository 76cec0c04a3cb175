// The Teams app package must match the code and Teams' rules: the filled manifest and its Japanese
// strings validate against the v1.29 schema, every bot command list names exactly the registered
// commands with their help summaries, and the icons are PNGs of the sizes Teams requires, the
// outline white on transparent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { ConfigError } from '../../src/core/errors.js';
import {
  checkAppId,
  prepareTeamsPackage,
  publicHostOf,
  type PreparedTeamsPackage,
} from '../../src/app/teams-package.js';
import { REPO_ROOT } from '../helpers/bot-process.js';

const DIR = path.join(REPO_ROOT, 'manifest/teams');
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const HOST = 'tsunagi.example.jp';
const SCOPES = ['personal', 'team', 'groupChat'];

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}
interface Manifest {
  id: string;
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: CommandList[] }[];
  staticTabs: { entityId: string; contentUrl: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  developer: Record<string, string>;
}

function schemaValidator(file: string) {
  const ajv = new AjvDraft04.default({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
    formats: { uri: (text: string) => URL.canParse(text) },
  });
  return ajv.compile(JSON.parse(readFileSync(path.join(DIR, 'schema', file), 'utf8')) as object);
}

function parseJson(bytes: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(bytes!).toString('utf8'));
}

let prepared: PreparedTeamsPackage;
let manifest: Manifest;
let strings: Record<string, string>;
beforeAll(async () => {
  prepared = await prepareTeamsPackage({ appId: APP_ID, publicUrl: `https://${HOST}/` });
  manifest = parseJson(prepared.files['manifest.json']) as Manifest;
  strings = parseJson(prepared.files['ja-jp.json']) as Record<string, string>;
});

describe('Teams manifest', () => {
  it('validates against the v1.29 schema once filled, with the app id and host everywhere', () => {
    const validate = schemaValidator('MicrosoftTeams.schema.json');
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('{{');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${HOST}/${APP_ID}` });
    expect(manifest.validDomains).toEqual([HOST]);
    const urls = [
      ...Object.values(manifest.developer).filter((value) => value.includes('://')),
      ...manifest.staticTabs.map((tab) => tab.contentUrl),
      ...manifest.configurableTabs.map((tab) => tab.configurationUrl),
    ];
    for (const url of urls) expect(new URL(url).host).toBe(HOST);
    expect(manifest.staticTabs).toEqual([
      expect.objectContaining({
        entityId: 'board',
        contentUrl: `https://${HOST}/tab/?context=personal`,
        scopes: ['personal'],
      }),
    ]);
    expect(manifest.configurableTabs[0]).toMatchObject({
      configurationUrl: `https://${HOST}/tab/configure`,
      scopes: ['team', 'groupChat'],
    });
  });

  it('has Japanese strings that validate and point at fields the manifest has', () => {
    const validate = schemaValidator('MicrosoftTeams.Localization.schema.json');
    expect(validate(strings), JSON.stringify(validate.errors, null, 2)).toBe(true);
    for (const key of Object.keys(strings).filter((k) => k.includes('[') || k.includes('.'))) {
      if (/^(name|description)\./u.test(key)) continue;
      // e.g. bots[0].commandLists[2].commands[7].description
      const value = key
        .split('.')
        .flatMap((part) => part.split(/\[(\d+)\]/u).filter(Boolean))
        .reduce<unknown>((at, step) => (at as Record<string, unknown> | undefined)?.[step], manifest);
      expect(value, key).toBeTypeOf('string');
    }
  });

  it('lets people send the bot files in their chat with it, which /incident evidence keeps', () => {
    // Without supportsFiles Teams offers no attach button in the personal chat and drops the files.
    expect(manifest.bots[0]!.supportsFiles).toBe(true);
  });

  it('lists exactly the registered commands, with their help summaries, in every bot scope', () => {
    const bot = manifest.bots[0]!;
    expect([...bot.scopes].sort()).toEqual([...SCOPES].sort());
    expect(bot.commandLists.flatMap((list) => list.scopes).sort()).toEqual([...SCOPES].sort());
    const registered = commands.map((c) => c.name);
    bot.commandLists.forEach((list, l) => {
      const listed = list.commands.map((c) => c.title);
      const missing = registered.filter((name) => !listed.includes(name));
      const unknown = listed.filter((name) => !registered.includes(name));
      expect({ missing, unknown }, `commandLists[${l}] (${list.scopes.join()})`).toEqual({
        missing: [],
        unknown: [],
      });
      expect(list.commands.length, 'Teams shows at most 10 commands per list').toBeLessThanOrEqual(10);
      list.commands.forEach((entry, i) => {
        const spec = commands.find((c) => c.name === entry.title)!;
        expect(entry.description, `${entry.title}: the English summary`).toBe(spec.summary.en);
        expect(strings[`bots[0].commandLists[${l}].commands[${i}].description`], entry.title).toBe(
          spec.summary.ja,
        );
      });
    });
  });
});

interface Png {
  width: number;
  height: number;
  colourType: number;
  bitDepth: number;
  /** RGBA rows, present for 8-bit truecolour with alpha. */
  pixels?: Buffer;
}

/** Reads a PNG's header and, for 8-bit RGBA without interlacing, its pixels. */
function readPng(bytes: Uint8Array): Png {
  const buffer = Buffer.from(bytes);
  expect([...buffer.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    chunks.push({
      type: buffer.toString('latin1', at + 4, at + 8),
      data: buffer.subarray(at + 8, at + 8 + length),
    });
    at += 12 + length;
  }
  const header = chunks[0]!;
  expect(header.type).toBe('IHDR');
  const png: Png = {
    width: header.data.readUInt32BE(0),
    height: header.data.readUInt32BE(4),
    bitDepth: header.data[8]!,
    colourType: header.data[9]!,
  };
  if (png.bitDepth !== 8 || png.colourType !== 6 || header.data[12] !== 0) return png;
  const data = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = png.width * 4;
  const pixels = Buffer.alloc(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = data[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x]!;
      const left = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const paeth = (): number => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter]!;
      pixels[y * stride + x] = (raw + predictor) & 0xff;
    }
  }
  return { ...png, pixels };
}

describe('Teams icons', () => {
  it('has a full-colour 192×192 icon', () => {
    const png = readPng(readFileSync(path.join(DIR, 'color.png')));
    expect([png.width, png.height]).toEqual([192, 192]);
    expect([2, 6], 'truecolour').toContain(png.colourType);
  });

  it('has a 32×32 outline icon, white on transparent', () => {
    const png = readPng(readFileSync(path.join(DIR, 'outline.png')));
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(png.pixels, 'outline.png must be 8-bit RGBA, not interlaced').toBeDefined();
    const pixels = png.pixels!;
    let drawn = 0;
    const offending: string[] = [];
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
      if (a === 0) continue;
      drawn++;
      if (r !== 255 || g !== 255 || b !== 255) offending.push(`(${(i / 4) % 32},${Math.floor(i / 128)})`);
    }
    expect(offending, 'pixels neither white nor transparent').toEqual([]);
    expect(drawn, 'the mark is drawn').toBeGreaterThan(50);
    expect(drawn, 'the background is transparent').toBeLessThan(32 * 32 - 100);
  });

  it('ships the icons the manifest names', () => {
    expect(Object.keys(prepared.files).sort()).toEqual([
      'color.png',
      'ja-jp.json',
      'manifest.json',
      'outline.png',
    ]);
  });
});

describe('Teams package settings', () => {
  const messageOf = (run: () => unknown): { ja: string; en: string } => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).userMessage;
    }
    throw new Error('expected a ConfigError');
  };

  it('needs a GUID in MICROSOFT_APP_ID', () => {
    expect(checkAppId(` ${APP_ID.toUpperCase()} `)).toBe(APP_ID.toUpperCase());
    for (const value of [undefined, '', '  ', 'not-a-guid', `${APP_ID}0`]) {
      const message = messageOf(() => checkAppId(value));
      expect(message.ja).toContain('MICROSOFT_APP_ID');
      expect(message.en).toContain('MICROSOFT_APP_ID');
    }
  });

  it('needs an https base URL without a path in TSUNAGI_PUBLIC_URL', () => {
    expect(publicHostOf('https://tsunagi.example.jp')).toBe('tsunagi.example.jp');
    expect(publicHostOf('https://tsunagi.example.jp:8443/')).toBe('tsunagi.example.jp:8443');
    for (const value of [
      undefined,
      '',
      'tsunagi.example.jp',
      'http://tsunagi.example.jp',
      'https://tsunagi.example.jp/bot',
      'https://tsunagi.example.jp/?x=1',
      'https://user:secret@tsunagi.example.jp',
    ]) {
      const message = messageOf(() => publicHostOf(value));
      expect(message.ja, String(value)).toContain('TSUNAGI_PUBLIC_URL');
      expect(message.en, String(value)).toContain('TSUNAGI_PUBLIC_URL');
      expect(message.en).not.toContain('secret');
    }
  });
});
