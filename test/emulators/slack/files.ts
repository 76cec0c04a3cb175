// Files shared in the emulated workspace: the file objects Slack puts on messages and answers
// files.info with, and the private download behind `url_private_download`, which (as in Slack)
// hands out the bytes only with the bot token in an `Authorization: Bearer` header — without it
// Slack answers with its sign-in web page, not with an error status.
import { TEAM_ID } from './workspace.js';

export interface SeedFile {
  name: string;
  bytes: Buffer;
  /** Default application/octet-stream. */
  mimetype?: string;
  /** Who uploaded it; default the author of the message it is seeded on. */
  user?: string;
}

export interface StoredFile {
  id: string;
  name: string;
  mimetype: string;
  bytes: Buffer;
  user: string;
  channel: string;
  created: number;
}

export interface DownloadReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const DOWNLOAD_PREFIX = '/files-pri/';
const SIGN_IN_PAGE = Buffer.from(
  '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Tsubaki</body></html>',
  'utf8',
);

export class EmulatedFiles {
  private readonly byId = new Map<string, StoredFile>();
  private counter = 0;

  /** `baseUrl`: where the emulator listens, e.g. http://127.0.0.1:PORT (downloads are served there). */
  constructor(private readonly baseUrl: string) {}

  add(seed: SeedFile, owner: { user: string; channel: string }): StoredFile {
    this.counter += 1;
    const file: StoredFile = {
      id: `F0EMU${String(this.counter).padStart(5, '0')}`,
      name: seed.name,
      mimetype: seed.mimetype ?? 'application/octet-stream',
      bytes: seed.bytes,
      user: seed.user ?? owner.user,
      channel: owner.channel,
      created: Math.floor(Date.now() / 1000),
    };
    this.byId.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.byId.get(id);
  }

  /** The file object as Slack shows it on messages and in files.info. */
  object(file: StoredFile): Record<string, unknown> {
    const path = `${DOWNLOAD_PREFIX}${TEAM_ID}-${file.id}`;
    const name = encodeURIComponent(file.name);
    const extension = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : 'binary';
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: extension,
      pretty_type: extension.toUpperCase(),
      user: file.user,
      user_team: TEAM_ID,
      editable: false,
      size: file.bytes.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      url_private: `${this.baseUrl}${path}/${name}`,
      url_private_download: `${this.baseUrl}${path}/download/${name}`,
      permalink: `https://tsubaki.slack.com/files/${file.user}/${file.id}/${name}`,
      channels: [file.channel],
      groups: [],
      ims: [],
      comments_count: 0,
    };
  }

  isDownload(pathname: string): boolean {
    return pathname.startsWith(DOWNLOAD_PREFIX);
  }

  /** GET /files-pri/<team>-<file>/download/<name>: the bytes for the bot token, the sign-in page for anyone else. */
  download(pathname: string, token: string | undefined, botToken: string): DownloadReply {
    const match = /^\/files-pri\/([A-Z0-9]+)-([A-Z0-9]+)(?:\/download)?\/[^/]+$/u.exec(pathname);
    const file = match && match[1] === TEAM_ID ? this.byId.get(match[2]!) : undefined;
    if (token !== botToken) {
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: SIGN_IN_PAGE };
    }
    if (!file) {
      return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('Not found') };
    }
    return {
      status: 200,
      headers: {
        'Content-Type': file.mimetype,
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      },
      body: file.bytes,
    };
  }
}
