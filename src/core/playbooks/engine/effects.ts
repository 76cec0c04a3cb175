// What the engine hands back: the ledger entries to record and the effects to perform once they are
// recorded, and the environment every engine function reads (playbook, run state, clock, actor).
import type { Bilingual } from '../../i18n/locale.js';
import type { LedgerActor } from '../../../store/ledger/entry.js';
import type { PartyKind, Playbook } from '../playbook-types.js';
import type { RunEntry } from './run-events.js';
import type { RunState } from './run-projection.js';
import type { IncidentFacts } from './template.js';

/** Role id → the people holding it (in the run's incident or organisation). */
export type RoleHolders = Readonly<Record<string, readonly string[]>>;

export type Recipient = { readonly role: string } | { readonly party: PartyKind };

export type Effect =
  /** A step waits for people: show it to its assignee (or approvers). */
  | { readonly kind: 'prompt'; readonly run: string; readonly step: string; readonly to?: Recipient }
  | {
      readonly kind: 'post';
      readonly run: string;
      readonly step: string;
      readonly audience: number;
      readonly to: Recipient;
      readonly text: Bilingual;
      /** Present when an acknowledgement is expected (the notification key). */
      readonly ackKey?: string;
      readonly ackDue?: string;
    }
  | {
      readonly kind: 'remind';
      readonly run: string;
      readonly step: string;
      readonly key: string;
      readonly n: number;
      /** The step's `due` passed (rather than a wait's reminder). */
      readonly overdue: boolean;
      readonly to?: Recipient;
    }
  | {
      readonly kind: 'escalate';
      readonly run: string;
      readonly step: string;
      readonly key: string;
      readonly reason: 'approval_timeout' | 'ack_timeout';
      /** Absent: the incident commander. */
      readonly to?: Recipient;
      readonly note?: Bilingual;
      readonly audience?: number;
    }
  | {
      readonly kind: 'start-subplaybook';
      readonly run: string;
      readonly step: string;
      readonly playbook: string;
      readonly inputs: Record<string, string | number | boolean>;
      /** Filled in by the run service: the child run it started for this step. */
      readonly subrun?: string;
      /** Filled in by the run service when the child run could not be started, and why. */
      readonly problem?: Bilingual;
    }
  | {
      readonly kind: 'inject';
      readonly run: string;
      readonly step: string;
      readonly to: Recipient;
      readonly text: Bilingual;
      readonly from?: Bilingual;
    }
  | { readonly kind: 'run-finished'; readonly run: string };

export interface EngineResult {
  readonly entries: RunEntry[];
  readonly effects: Effect[];
}

export interface EngineEnv {
  readonly playbook: Playbook;
  readonly run: RunState;
  readonly now: Date;
  readonly incident?: IncidentFacts;
}

export interface ActorEnv extends EngineEnv {
  readonly actor: LedgerActor;
  /**
   * Needed by verifyStep, approve, reject and acknowledge (role audiences), and by the assignee
   * check of checkItem, completeStep, decide and addEvidence. Absent: assignees are not checked.
   */
  readonly holders?: RoleHolders;
  /** The person id of the incident commander, who may act on any step (on behalf of its assignee). */
  readonly commander?: string;
  /** People's names by person id, for messages that say who may act; ids are shown when missing. */
  readonly names?: Readonly<Record<string, Bilingual>>;
}
