// A file attached to a chat message and offered as evidence. The platform adapter knows how to
// fetch it (with its own credentials, from its own hosts only); the core decides whether it is
// kept, and only then asks for the bytes, so a refused person never makes the bot download anything.
import type { EvidenceOrigin } from './evidence-events.js';

export interface ChatFile {
  /** The file's name as shared. */
  readonly name: string;
  /** The size the platform reports, when it does; the download is limited again as it arrives. */
  readonly size?: number;
  readonly origin: EvidenceOrigin;
  /** Fetches the bytes; rejects with a typed error (too large, refused, unreachable). */
  load(): Promise<Buffer>;
}
