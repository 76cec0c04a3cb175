// The ledger entries of evidence and its chain of custody. An item is added to an incident
// (`incident.evidence_added`) or to a step of a run (`playbook.evidence_added`, with the same
// fields plus step and field); every time someone sees or takes the items, that is recorded too,
// under the incident's id. Their `data` shapes are a stored format: add fields, never change or
// remove them.

/** What an evidence entry records about the stored content (src/core/evidence/evidence-store.ts). */
export interface EvidenceRecord {
  readonly kind: 'text' | 'file' | 'link';
  /** SHA-256 of the bytes as stored (after masking). */
  readonly sha256: string;
  readonly size?: number;
  /** The file's base name, the URL, or `text`. */
  readonly source: string;
  readonly by: string;
  /** A file whose secrets were masked: the SHA-256 of the file as it was given. */
  readonly original_sha256?: string;
  /** How many secret-looking values were masked before storing. */
  readonly masked?: number;
  /** A file taken from a chat message: where it was shared and by whom. */
  readonly origin?: EvidenceOrigin;
}

/** Where a file given as evidence in chat came from (see src/core/evidence/chat-file.ts). */
export interface EvidenceOrigin {
  readonly platform: string;
  /** The message it was attached to: its permalink when the platform has one, else its id. */
  readonly message: string;
  /** Who shared the file there: a person id from tsunagi.yaml, else the platform's user id. */
  readonly shared_by?: string;
}

export interface CustodyEventData {
  /** Someone was shown the items (`/incident evidence INC-n`). */
  'evidence.accessed': {
    /** How they were accessed; a listing shows each item's metadata and hash. */
    what: 'list';
    /** The item ids shown (E-1, …). */
    items: string[];
    by: string;
  };
  /**
   * The items were copied out of Tsunagi, recorded before the copy: `tsunagi evidence export` into a
   * folder, or a zip downloaded from the incident board while the bot runs.
   */
  'evidence.exported': {
    /** A person id, or `os:<user>` for an operator at the machine who did not say who they are. */
    by: string;
    /** The export folder's base name (never the full local path), or the zip's file name. */
    destination: string;
    items: string[];
    count: number;
    /** SHA-256 of the export's manifest.json. */
    manifest_sha256: string;
    /**
     * The ledger's last entry when the manifest was made. The CLI's entry comes right after it; a
     * running bot may record other entries in between.
     */
    ledger_head: { seq: number; hash: string };
    /** Set when the export holds only one party's own items. */
    party?: string;
    /** `board` for a zip downloaded from the incident board; absent for the CLI's folder. */
    via?: 'board';
  };
}

export type CustodyEventType = keyof CustodyEventData;

export const EVIDENCE_ADDED_TYPES = ['incident.evidence_added', 'playbook.evidence_added'] as const;

export function isCustodyEvent(type: string): type is CustodyEventType {
  return type === 'evidence.accessed' || type === 'evidence.exported';
}

/** Entries that add evidence or record its custody: seen by the customer and the party that wrote them. */
export function isEvidenceEntry(type: string): boolean {
  return isCustodyEvent(type) || (EVIDENCE_ADDED_TYPES as readonly string[]).includes(type);
}
