// The playbooks loaded at start-up, by id. Every playbook here passed `tsunagi playbook validate`.
import { NotFoundError } from '../errors.js';
import { suggest } from '../text/suggest.js';
import type { LoadedPlaybook, Playbook } from './playbook-types.js';

export class PlaybookCatalog {
  private readonly byId = new Map<string, LoadedPlaybook>();

  constructor(loaded: readonly LoadedPlaybook[]) {
    for (const entry of loaded) this.byId.set(entry.playbook.metadata.id, entry);
  }

  /** All playbooks, sorted by id. */
  list(): Playbook[] {
    return [...this.byId.keys()].sort().map((id) => this.byId.get(id)!.playbook);
  }

  get(id: string): Playbook | undefined {
    return this.byId.get(id)?.playbook;
  }

  /** The file a playbook was read from. */
  fileOf(id: string): string | undefined {
    return this.byId.get(id)?.file;
  }

  /** Like `get`, but a missing id is a NotFoundError naming the closest id and the list. */
  require(id: string): Playbook {
    const found = this.get(id);
    if (found) return found;
    const ids = [...this.byId.keys()].sort();
    const hint = suggest(id, ids);
    throw new NotFoundError({
      ja: `プレイブック「${id}」はありません。${hint ? `「${hint}」ですか？ ` : ''}一覧: ${ids.join(', ') || '（なし）'}`,
      en: `There is no playbook "${id}".${hint ? ` Did you mean "${hint}"?` : ''} Available: ${ids.join(', ') || '(none)'}`,
    });
  }

  get size(): number {
    return this.byId.size;
  }
}
