// The Teams app package: the zip a Teams administrator uploads. The template in manifest/teams/ is
// filled with the bot's app id (MICROSOFT_APP_ID) and public host (TSUNAGI_PUBLIC_URL), checked
// against the Teams manifest schema v1.29 kept beside it (so packaging works offline), and zipped with
// its icons and translations at the root, as Teams expects.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { strToU8, zipSync } from 'fflate';
import { ConfigError, UserInputError, type ConfigProblem } from '../core/errors.js';
import { PACKAGE_ROOT } from './paths.js';

/** The template shipped with Tsunagi: manifest.json, icons, translations and schema/. */
export const TEAMS_MANIFEST_DIR = path.join(PACKAGE_ROOT, 'manifest', 'teams');

/** The parts of the manifest the packager reads; the rest is checked by the schema. */
export interface TeamsManifest {
  readonly id: string;
  readonly version: string;
  readonly icons: { readonly color: string; readonly outline: string };
  readonly localizationInfo?: {
    readonly additionalLanguages?: readonly { readonly languageTag: string; readonly file: string }[];
  };
  readonly [field: string]: unknown;
}

export interface TeamsPackageOptions {
  /** The bot's Microsoft Entra app (client) id, a GUID: MICROSOFT_APP_ID. */
  readonly appId: string | undefined;
  /** The bot's public https base URL: TSUNAGI_PUBLIC_URL. */
  readonly publicUrl: string | undefined;
  /** Where the template is; default the one shipped with Tsunagi. */
  readonly manifestDir?: string;
}

export interface PreparedTeamsPackage {
  readonly manifest: TeamsManifest;
  readonly appId: string;
  /** The public host (with its port when not 443), as in validDomains. */
  readonly host: string;
  /** The files at the zip's root, by name. */
  readonly files: Readonly<Record<string, Uint8Array>>;
}

export interface TeamsPackage extends PreparedTeamsPackage {
  /** The zip written, as an absolute path. */
  readonly file: string;
}

const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/iu;
const ICON_SIZES = { color: 192, outline: 32 } as const;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Fills the template and checks it: the manifest and every file the package holds. */
export async function prepareTeamsPackage(options: TeamsPackageOptions): Promise<PreparedTeamsPackage> {
  const appId = checkAppId(options.appId);
  const host = publicHostOf(options.publicUrl);
  const dir = options.manifestDir ?? TEAMS_MANIFEST_DIR;
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: appId,
    PUBLIC_HOST: host,
    VERSION: await version(),
  };
  const validators = await loadValidators(dir);

  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = fill(await readJson(manifestFile), values, manifestFile) as TeamsManifest;
  checkSchema(validators.manifest, manifest, manifestFile);
  const files: Record<string, Uint8Array> = { 'manifest.json': json(manifest) };

  for (const [kind, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const name = manifest.icons[kind];
    files[name] = await readIcon(path.join(dir, name), size);
  }
  for (const { file: name } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const file = path.join(dir, name);
    const strings = fill(await readJson(file), values, file);
    checkSchema(validators.localization, strings, file);
    files[name] = json(strings);
  }
  return { manifest, appId, host, files };
}

/** Builds the package and writes it to `outFile` (its folder is created when missing). */
export async function buildTeamsPackage(
  options: TeamsPackageOptions & { outFile: string },
): Promise<TeamsPackage> {
  const prepared = await prepareTeamsPackage(options);
  const file = path.resolve(options.outFile);
  const zip = zipSync(prepared.files, { level: 9 });
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, zip);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserInputError(
      {
        ja: `Teams パッケージを ${file} に書き込めません（${code}）。--out で書き込める場所を指定してください。`,
        en: `Cannot write the Teams package to ${file} (${code}). Choose a writable place with --out.`,
      },
      undefined,
      { cause: error },
    );
  }
  return { ...prepared, file };
}

/** The app id as given (trimmed), or a ConfigError naming MICROSOFT_APP_ID. */
export function checkAppId(appId: string | undefined): string {
  const id = appId?.trim();
  if (!id) {
    throw new ConfigError({
      ja: 'MICROSOFT_APP_ID が設定されていません。Teams パッケージにはボットの Microsoft Entra アプリ（クライアント）ID が必要です。.env などで MICROSOFT_APP_ID を設定するか、--app-id で指定してください。',
      en: "MICROSOFT_APP_ID is not set. The Teams package needs the bot's Microsoft Entra app (client) id: set MICROSOFT_APP_ID (e.g. in .env) or pass --app-id.",
    });
  }
  if (!GUID.test(id)) {
    throw new ConfigError({
      ja: `MICROSOFT_APP_ID（--app-id）の「${shorten(id)}」は GUID ではありません。Microsoft Entra の「アプリの登録」に表示されるアプリケーション（クライアント）ID（例: 00000000-0000-0000-0000-000000000000）を設定してください。`,
      en: `MICROSOFT_APP_ID (--app-id) "${shorten(id)}" is not a GUID. Use the Application (client) ID shown under App registrations in Microsoft Entra (e.g. 00000000-0000-0000-0000-000000000000).`,
    });
  }
  return id;
}

/** The host of the public https base URL, or a ConfigError naming TSUNAGI_PUBLIC_URL. */
export function publicHostOf(publicUrl: string | undefined): string {
  const text = publicUrl?.trim();
  const example = 'https://tsunagi.example.jp';
  if (!text) {
    throw new ConfigError({
      ja: `TSUNAGI_PUBLIC_URL が設定されていません。Teams パッケージにはボットの公開 https URL（例: ${example}）が必要です。.env などで TSUNAGI_PUBLIC_URL を設定するか、--public-url で指定してください。`,
      en: `TSUNAGI_PUBLIC_URL is not set. The Teams package needs the bot's public https base URL (e.g. ${example}): set TSUNAGI_PUBLIC_URL (e.g. in .env) or pass --public-url.`,
    });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError({
      ja: `TSUNAGI_PUBLIC_URL（--public-url）の「${shorten(text)}」は URL ではありません。ボットの公開 https URL（例: ${example}）を設定してください。`,
      en: `TSUNAGI_PUBLIC_URL (--public-url) "${shorten(text)}" is not a URL. Set the bot's public https base URL (e.g. ${example}).`,
    });
  }
  if (url.username || url.password) {
    throw new ConfigError({
      ja: 'TSUNAGI_PUBLIC_URL（--public-url）にユーザー名やパスワードを含めないでください。',
      en: 'TSUNAGI_PUBLIC_URL (--public-url) must not contain a user name or password.',
    });
  }
  if (url.protocol !== 'https:') {
    throw new ConfigError({
      ja: `TSUNAGI_PUBLIC_URL（--public-url）の「${shorten(text)}」は https ではありません。Teams のタブとシングルサインオンには https の URL（例: ${example}）が必要です。`,
      en: `TSUNAGI_PUBLIC_URL (--public-url) "${shorten(text)}" is not https. Teams tabs and single sign-on need an https URL (e.g. ${example}).`,
    });
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError({
      ja: `TSUNAGI_PUBLIC_URL（--public-url）の「${shorten(text)}」にはパスが含まれています。Teams のタブは /tab/ で配信されるため、パスのない URL（例: ${url.origin}）を設定してください。`,
      en: `TSUNAGI_PUBLIC_URL (--public-url) "${shorten(text)}" has a path. The Teams tab is served at /tab/ on the host, so set the URL without a path (e.g. ${url.origin}).`,
    });
  }
  return url.host;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Replaces every {{NAME}} in the template's strings; a name without a value is a template error. */
function fill(value: unknown, values: Readonly<Record<string, string>>, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/gu, (_, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) {
        throw new ConfigError(
          {
            ja: `Teams マニフェストのテンプレートに不明なプレースホルダ {{${name}}} があります。`,
            en: `The Teams manifest template has an unknown placeholder {{${name}}}.`,
          },
          [
            {
              file,
              message: {
                ja: `使えるのは ${placeholderList(values)} です`,
                en: `known: ${placeholderList(values)}`,
              },
            },
          ],
        );
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values, file));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values, file)]));
  }
  return value;
}

function placeholderList(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .map((name) => `{{${name}}}`)
    .join(', ');
}

interface Validators {
  readonly manifest: ValidateFunction;
  readonly localization: ValidateFunction;
}

async function loadValidators(dir: string): Promise<Validators> {
  // The schemas are Microsoft's, not ours: no strict mode. Their patterns are ECMAScript without the
  // u flag (one would not compile with it), and `uri` is their only format.
  const ajv = new AjvDraft04.default({
    allErrors: true,
    strict: false,
    unicodeRegExp: false,
    formats: { uri: (text: string) => URL.canParse(text) },
  });
  const schema = async (name: string): Promise<AnySchemaObject> =>
    (await readJson(path.join(dir, 'schema', name))) as AnySchemaObject;
  return {
    manifest: ajv.compile(await schema('MicrosoftTeams.schema.json')),
    localization: ajv.compile(await schema('MicrosoftTeams.Localization.schema.json')),
  };
}

function checkSchema(validate: ValidateFunction, value: unknown, file: string): void {
  if (validate(value)) return;
  const problems: ConfigProblem[] = (validate.errors ?? []).map((error) => ({
    file,
    field: error.instancePath || '/',
    message: {
      ja: `スキーマに適合しません: ${describe(error)}`,
      en: `does not match the schema: ${describe(error)}`,
    },
  }));
  throw new ConfigError(
    {
      ja: `${path.basename(file)} が Teams マニフェストのスキーマ v1.29 に適合しません。`,
      en: `${path.basename(file)} does not match the Teams manifest schema v1.29.`,
    },
    problems,
  );
}

function describe(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (params.additionalProperty) return `${error.message ?? ''} (${params.additionalProperty})`;
  if (params.allowedValues) return `${error.message ?? ''} (${params.allowedValues.join(', ')})`;
  return error.message ?? error.keyword;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw missingFile(file, error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(
      { ja: `${file} は JSON として読めません。`, en: `${file} is not valid JSON.` },
      [{ file, message: { ja: (error as Error).message, en: (error as Error).message } }],
      { cause: error },
    );
  }
}

/** The icon's bytes, after checking it is a PNG of the size Teams requires. */
async function readIcon(file: string, size: number): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw missingFile(file, error);
  }
  const isPng =
    bytes.length >= 24 &&
    PNG_SIGNATURE.every((byte, i) => bytes[i] === byte) &&
    bytes.toString('latin1', 12, 16) === 'IHDR';
  const width = isPng ? bytes.readUInt32BE(16) : 0;
  const height = isPng ? bytes.readUInt32BE(20) : 0;
  if (width !== size || height !== size) {
    throw new ConfigError({
      ja: `Teams のアイコン ${file} は ${size}×${size} の PNG である必要があります${isPng ? `（${width}×${height}）` : ''}。manifest/teams/make-icons.mjs で作り直せます。`,
      en: `The Teams icon ${file} must be a ${size}×${size} PNG${isPng ? ` (it is ${width}×${height})` : ''}. manifest/teams/make-icons.mjs redraws it.`,
    });
  }
  return bytes;
}

function missingFile(file: string, error: unknown): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new ConfigError(
    {
      ja: `Teams マニフェストのファイル ${file} を読めません（${code}）。Tsunagi のインストールが不完全な可能性があります。`,
      en: `Cannot read the Teams manifest file ${file} (${code}). The Tsunagi installation may be incomplete.`,
    },
    [],
    { cause: error },
  );
}

function json(value: unknown): Uint8Array {
  return strToU8(`${JSON.stringify(value, null, 2)}\n`);
}

/** The app's version in Teams: Tsunagi's own, so each release can be uploaded as an update. */
async function version(): Promise<string> {
  const pkg = (await readJson(path.join(PACKAGE_ROOT, 'package.json'))) as { version: string };
  return pkg.version;
}
