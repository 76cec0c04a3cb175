// What an evidence export holds, the same whether `tsunagi evidence export` writes it into a folder
// or the running bot hands it out as a zip from the incident board: the items exactly as stored
// (items/E-<n>-<name>), manifest.json (what each item is, who added it when, and the ledger entry
// that recorded it), custody.json (every listing and export of these items) and SHA256SUMS for
// `sha256sum -c`. Built in two steps because the export is recorded in the ledger in between: the
// manifest first (its hash goes into the `evidence.exported` entry), then the files (custody.json
// holds that entry too).
import { StorageError } from '../errors.js';
import type { LedgerEntry } from '../../store/repository.js';
import { isCustodyEvent, type CustodyEventData, type EvidenceOrigin } from './evidence-events.js';
import type { EvidenceItem } from './evidence-items.js';
import { sha256Hex, type EvidenceStore } from './evidence-store.js';

export const MANIFEST_FILE = 'manifest.json';
export const CUSTODY_FILE = 'custody.json';
export const SUMS_FILE = 'SHA256SUMS';
export const ITEMS_DIR = 'items';
export const MANIFEST_FORMAT = 'tsunagi-evidence-export/1';

export interface ManifestItem {
  readonly id: string;
  /** Relative to the export folder. */
  readonly file: string;
  readonly kind: string;
  readonly sha256: string;
  readonly size: number;
  readonly source: string;
  readonly added_by: { readonly person: string; readonly party?: string };
  readonly added_at: string;
  readonly incident?: string;
  readonly run?: string;
  readonly step?: string;
  readonly field?: string;
  readonly ledger: { readonly seq: number; readonly hash: string };
  readonly original_sha256?: string;
  readonly masked?: number;
  readonly origin?: EvidenceOrigin;
}

export interface Manifest {
  readonly format: string;
  readonly incident: { readonly id: string; readonly title: string };
  readonly exported_at: string;
  readonly exported_by: string;
  readonly party?: string;
  readonly ledger_head: { readonly seq: number; readonly hash: string };
  readonly items: readonly ManifestItem[];
}

export interface ExportRequest {
  readonly incident: { readonly id: string; readonly title: string };
  /** The items to export, already checked against the store (see checkStoredItems). */
  readonly items: readonly EvidenceItem[];
  readonly at: Date;
  /** A person id, or `os:<user>`. */
  readonly by: string;
  /** The ledger's last entry now. */
  readonly head: { readonly seq: number; readonly hash: string };
  /** The party whose own items alone are exported. */
  readonly party?: string;
}

/** The manifest, as the exact text that is exported and hashed. */
export interface PreparedExport {
  readonly manifest: Manifest;
  readonly manifestText: string;
  readonly manifestSha256: string;
}

/** One file of the export, by its path inside the export folder. */
export interface ExportFile {
  readonly path: string;
  read(): Promise<Buffer>;
}

/** `evidence-INC-3-20250101T093000`: the CLI's default folder and the board's zip (without .zip). */
export function defaultExportName(incident: string, now: Date): string {
  return `evidence-${incident}-${now.toISOString().replace(/[-:]/gu, '').slice(0, 15)}`;
}

/** `E-<n>-<name>`: the item's number, then a name safe on any file system and in SHA256SUMS. */
export function itemFileName(item: EvidenceItem): string {
  const base =
    item.record.kind === 'file'
      ? item.record.source
          .replace(/[^\p{L}\p{N}._-]+/gu, '_')
          .replace(/^[._]+/u, '')
          .slice(-100)
      : `${item.record.kind}.txt`;
  return `${item.id}-${base || 'file'}`;
}

export function prepareExport(request: ExportRequest): PreparedExport {
  const { id } = request.incident;
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    incident: request.incident,
    exported_at: request.at.toISOString(),
    exported_by: request.by,
    ...(request.party ? { party: request.party } : {}),
    ledger_head: request.head,
    items: request.items.map((item) => {
      const r = item.record;
      return {
        id: item.id,
        file: `${ITEMS_DIR}/${itemFileName(item)}`,
        kind: r.kind,
        sha256: r.sha256,
        size: r.size ?? 0,
        source: r.source,
        added_by: {
          person: item.addedBy?.person ?? r.by,
          ...(item.addedBy ? { party: item.addedBy.party } : {}),
        },
        added_at: item.addedAt,
        ...(item.run ? { run: item.run.run, step: item.run.step, field: item.run.field } : { incident: id }),
        ledger: { seq: item.seq, hash: item.entryHash },
        ...(r.original_sha256 ? { original_sha256: r.original_sha256 } : {}),
        ...(r.masked ? { masked: r.masked } : {}),
        ...(r.origin ? { origin: r.origin } : {}),
      };
    }),
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  return { manifest, manifestText, manifestSha256: sha256Hex(Buffer.from(manifestText, 'utf8')) };
}

/** What the `evidence.exported` entry records about this export. */
export function exportedData(
  prepared: PreparedExport,
  destination: string,
  via?: 'board',
): CustodyEventData['evidence.exported'] {
  const { manifest } = prepared;
  return {
    by: manifest.exported_by,
    destination,
    items: manifest.items.map((i) => i.id),
    count: manifest.items.length,
    manifest_sha256: prepared.manifestSha256,
    ledger_head: manifest.ledger_head,
    ...(manifest.party ? { party: manifest.party } : {}),
    ...(via ? { via } : {}),
  };
}

/**
 * Every item's stored bytes, checked against its recorded SHA-256 before the export is recorded:
 * a damaged store exports nothing.
 */
export async function checkStoredItems(store: EvidenceStore, items: readonly EvidenceItem[]): Promise<void> {
  for (const item of items) {
    if (sha256Hex(await store.read(item.record.sha256)) !== item.record.sha256) {
      throw damaged(store, item.id, item.record.sha256);
    }
  }
}

/**
 * The chain of custody of these items among `entries` (the incident's and its runs' entries, in
 * ledger order): the entries that added them, then every listing or export naming one of them.
 */
export function custodyOf(entries: readonly LedgerEntry[], items: readonly EvidenceItem[]): LedgerEntry[] {
  const seqs = new Set(items.map((i) => i.seq));
  const ids = new Set(items.map((i) => i.id));
  return entries.filter((entry) => {
    if (seqs.has(entry.seq)) return true;
    if (!isCustodyEvent(entry.type)) return false;
    const named = (entry.data as { items?: unknown }).items;
    return Array.isArray(named) && named.some((id) => typeof id === 'string' && ids.has(id));
  });
}

/**
 * The export's files in the order they are written: the items (read from the store when needed,
 * each checked again against its hash), manifest.json, custody.json, then SHA256SUMS.
 */
export function exportFiles(
  store: EvidenceStore,
  prepared: PreparedExport,
  custody: readonly LedgerEntry[],
): ExportFile[] {
  const { manifest } = prepared;
  const custodyText = `${JSON.stringify({ incident: manifest.incident.id, entries: custody }, null, 2)}\n`;
  const texts: [string, string][] = [
    [MANIFEST_FILE, prepared.manifestText],
    [CUSTODY_FILE, custodyText],
  ];
  const sums = [
    ...manifest.items.map((item) => `${item.sha256}  ${item.file}`),
    ...texts.map(([name, text]) => `${sha256Hex(Buffer.from(text, 'utf8'))}  ${name}`),
  ];
  const fixed = (path: string, text: string): ExportFile => ({
    path,
    read: () => Promise.resolve(Buffer.from(text, 'utf8')),
  });
  return [
    ...manifest.items.map((item): ExportFile => ({
      path: item.file,
      read: async () => {
        const bytes = await store.read(item.sha256);
        // Checked again as it is read, so SHA256SUMS (written from the manifest) cannot lie.
        if (sha256Hex(bytes) !== item.sha256) throw damaged(store, item.id, item.sha256);
        return bytes;
      },
    })),
    ...texts.map(([name, text]) => fixed(name, text)),
    fixed(SUMS_FILE, `${sums.join('\n')}\n`),
  ];
}

function damaged(store: EvidenceStore, id: string, sha256: string): StorageError {
  return new StorageError({
    ja: `${id} の保管内容が記録された SHA-256 と一致しません（${store.pathOf(sha256)}）。保管庫が損傷しているか改ざんされています。バックアップから復元してください。何も書き出していません。`,
    en: `The stored content of ${id} does not match its recorded SHA-256 (${store.pathOf(sha256)}): the store is damaged or was altered. Restore it from a backup. Nothing was exported.`,
  });
}
