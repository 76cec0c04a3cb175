// The change discussions (CHG-n) opened from notices. Minimal until the change workflow lands: the
// record of who opened which discussion about which notice; every change is open.
import type { LedgerEntry, Projection } from '../../store/repository.js';
import type { ChangeEventData } from './notice-events.js';

export interface ChangeRecord {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  /** The notice it was opened from. */
  readonly notice: string;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly status: 'open';
}

export interface ChangesState {
  byId: Record<string, ChangeRecord>;
  lastNumber: number;
  /** Notice id → the change opened from it. */
  byNotice: Record<string, string>;
}

export const changeProjection: Projection<ChangesState> = {
  name: 'changes',
  version: 1,
  initial: () => ({ byId: {}, lastNumber: 0, byNotice: {} }),
  apply(state, entry: LedgerEntry) {
    if (entry.type !== 'change.opened') return;
    const data = entry.data as ChangeEventData['change.opened'];
    state.byId[entry.subject] = {
      id: entry.subject,
      number: data.number,
      title: data.title,
      notice: data.notice,
      openedBy: data.by,
      openedAt: entry.ts,
      status: 'open',
    };
    state.lastNumber = Math.max(state.lastNumber, data.number);
    state.byNotice[data.notice] = entry.subject;
  },
};
