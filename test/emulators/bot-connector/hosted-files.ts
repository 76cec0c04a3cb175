// Files a user sends the bot in Teams: Teams keeps them in the sender's OneDrive and hands the bot
// a `file.download.info` attachment whose downloadUrl is pre-authenticated (a `tempauth` in the
// URL) and short-lived. This stands in for OneDrive: it hosts seeded files and serves each only at
// its own pre-authenticated URL, with no other credential.
import { randomBytes, randomUUID } from 'node:crypto';

export interface HostedFile {
  /** What the bot fetches, with a plain GET. */
  readonly downloadUrl: string;
  /** The file's OneDrive link (not how a bot reads it). */
  readonly contentUrl: string;
  readonly uniqueId: string;
  readonly name: string;
  readonly fileType: string;
}

export interface FileReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export const FILES_PREFIX = '/files/';

export class HostedFiles {
  private readonly byId = new Map<
    string,
    { name: string; bytes: Buffer; tempauth: string; mimetype: string }
  >();

  constructor(private readonly baseUrl: string) {}

  host(file: { name: string; bytes: Buffer; mimetype?: string }): HostedFile {
    const uniqueId = randomUUID().toUpperCase();
    const tempauth = randomBytes(16).toString('hex');
    this.byId.set(uniqueId, {
      name: file.name,
      bytes: file.bytes,
      tempauth,
      mimetype: file.mimetype ?? 'application/octet-stream',
    });
    const encoded = encodeURIComponent(file.name);
    return {
      downloadUrl: `${this.baseUrl}${FILES_PREFIX}${uniqueId}/${encoded}?tempauth=${tempauth}`,
      contentUrl: `https://tsubaki-my.sharepoint.com/personal/sato/Documents/Microsoft Teams Chat Files/${encoded}`,
      uniqueId,
      name: file.name,
      fileType: file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '',
    };
  }

  /** GET /files/<uniqueId>/<name>?tempauth=…: the bytes for the right tempauth, 401 otherwise. */
  serve(url: URL): FileReply {
    const id = url.pathname.slice(FILES_PREFIX.length).split('/')[0] ?? '';
    const file = this.byId.get(id);
    if (!file)
      return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('Not found') };
    if (url.searchParams.get('tempauth') !== file.tempauth) {
      return { status: 401, headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('Unauthorized') };
    }
    return {
      status: 200,
      headers: { 'Content-Type': file.mimetype, 'Content-Length': String(file.bytes.length) },
      body: file.bytes,
    };
  }
}
