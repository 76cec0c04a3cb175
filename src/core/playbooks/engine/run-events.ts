// The ledger entries that make up a playbook run's history (subject `RUN-<n>`). Their `data` shapes
// are a stored format: add fields, never change or remove them.
//
// Every entry that moves the run on carries the move itself (`next`), so one entry is one atomic
// change: a crash between two entries never leaves a step half-left. Timers are scheduled with their
// absolute due time inside `playbook.step_started`, and each has a deterministic key; a fired timer is
// recorded once (`playbook.timer_fired`), so after a restart no timer is repeated or lost.
//
// Delivery outbox: the last entry an action commits may carry the action's effects (`effects`, see
// `WithEffects`); the delivery layer records `playbook.effects_delivered` once it has posted them, so
// effects committed just before a crash are posted after the restart rather than lost.
import type { Platform } from '../../parties/model.js';
import type { Effect } from './engine.js';

/** `RUN-<n>` */
export function runSubject(number: number): string {
  return `RUN-${number}`;
}

export function isRunSubject(subject: string): boolean {
  return /^RUN-\d+$/.test(subject);
}

/** Where a parallel branch started: the parallel step and the branch's first step. */
export interface BranchRef {
  readonly parallel: string;
  readonly branch: string;
}

/** A step to start after the current one (a step id or `end`), inside a branch or not. */
export interface RunTarget {
  readonly step: string;
  readonly branch?: BranchRef;
}

/** Opened by a parallel step: its branches and the step reached when every branch has ended. */
export interface ParallelOpening {
  readonly join: string;
  readonly branches: readonly string[];
}

/** How the run moves on after an entry: the targets to start (or `end`). */
export interface Move {
  readonly next?: readonly RunTarget[];
  readonly opens?: ParallelOpening;
}

export const TIMER_PURPOSES = [
  /** A step's `due` passed without it being finished: remind the assignee. */
  'due',
  /** A wait's `remind_every`. */
  'remind',
  /** A wait's `duration` ended: the run moves on. */
  'wait_end',
  /** An approval's `timeout`: escalate (when `on_timeout.when` holds). */
  'approval_timeout',
  /** A notification's `ack_within` passed without an acknowledgement: escalate. */
  'ack',
  /** An exercise inject's `at`: deliver the text, then move on. */
  'inject',
] as const;
export type TimerPurpose = (typeof TIMER_PURPOSES)[number];

export interface TimerSpec {
  /** `RUN-<n>/<step>#<attempt>/<purpose>/<n>`; unique within the ledger. */
  readonly key: string;
  readonly step: string;
  readonly attempt: number;
  readonly purpose: TimerPurpose;
  /** Reminder number (1, 2, …) or audience index; 0 when there is only one. */
  readonly n: number;
  /** ISO 8601 time the timer is due. */
  readonly due: string;
}

/**
 * Optional on the data of every run entry: the effects (step cards, notifications, reminders,
 * escalations) of the action that committed it, attached to its last entry only. They are still to
 * be delivered until a `playbook.effects_delivered` names the entry's `seq`.
 */
export interface WithEffects {
  readonly effects?: readonly Effect[];
}

/** Where one entry's effects went on one platform: its incident room, or one person directly. */
export interface DeliveryRoute {
  readonly platform: Platform;
  /** Posted in this channel (the incident's room). */
  readonly channel?: string;
  /** Sent to this person (directory id) by direct message. */
  readonly person?: string;
  /** Indexes into the entry's `effects` that took this route. */
  readonly effects: number[];
}

export interface RunEventData {
  'playbook.run_started': {
    number: number;
    playbook: string;
    version: string;
    incident?: string;
    inputs: Record<string, string | number | boolean>;
    started_by: string;
    /** The playbook's `start`. */
    start: string;
    at: string;
    /**
     * The parent run when this run is a sub-playbook: its `subplaybook` step and that step's attempt
     * (one child per step attempt; absent attempt: the first).
     */
    parent?: { run: string; step: string; attempt?: number };
  };
  'playbook.step_started': {
    step: string;
    at: string;
    /** 1 for the first time the step starts, 2 when a loop comes back to it, … */
    attempt: number;
    branch?: BranchRef;
    timers: TimerSpec[];
    /** notify: the audiences whose `when` held at the start (indexes), each to be sent once. */
    audiences?: number[];
  };
  /** `on_behalf` (here and below): the incident commander did the work of a step others are assigned. */
  'playbook.item_checked': { step: string; item: number; by: string; on_behalf?: boolean };
  /** The performer finished the step; when the step has `verify`, it waits for the check. */
  'playbook.step_done': {
    step: string;
    by: string;
    outputs?: Record<string, string>;
    on_behalf?: boolean;
  } & Move;
  'playbook.step_verified': { step: string; by: string } & Move;
  'playbook.decision_made': { step: string; value: string; by: string; on_behalf?: boolean } & Move;
  'playbook.evidence_added': {
    step: string;
    field: string;
    kind: 'text' | 'file' | 'link';
    sha256: string;
    size?: number;
    /** File name, URL or `text`. */
    source: string;
    by: string;
    on_behalf?: boolean;
    /** A file whose secrets were masked before storing: the SHA-256 of the file as given. */
    original_sha256?: string;
    /** How many secret-looking values were masked before storing (src/core/evidence/). */
    masked?: number;
  };
  'playbook.notification_sent': { step: string; audience: number; key: string };
  'playbook.acknowledged': { step: string; audience: number; key: string; by: string };
  'playbook.approval_given': { step: string; by: string; approve: boolean } & Move;
  /** Recorded by the delivery layer once a reminder is posted; the engine itself records `timer_fired`. */
  'playbook.reminder_sent': { step: string; key: string; n: number };
  'playbook.timer_fired': { step: string; key: string; purpose: TimerPurpose } & Move;
  'playbook.step_skipped': { step: string; reason: string; by: string } & Move;
  'playbook.subrun_finished': { step: string; subrun: string; outcome: 'finished' | 'aborted' } & Move;
  'playbook.run_finished': { at: string };
  'playbook.run_aborted': { reason: string; by: string };
  /** The effects of the entry at `seq` were delivered (written by the delivery layer, not the engine). */
  'playbook.effects_delivered': {
    seq: number;
    routes: DeliveryRoute[];
    /** People who could not be reached directly on any platform. */
    unreachable?: string[];
    /** Older than a day when the bot came back: recorded as delivered, never posted. */
    stale?: true;
    /** Platforms where delivery failed: the effects are delivered there at the next start. */
    retry?: Platform[];
  };
}

export type RunEventType = keyof RunEventData;

export function isRunEvent(type: string): type is RunEventType {
  return type.startsWith('playbook.');
}

/** A ledger entry of a run, typed by its `type`. */
export type RunEntry = {
  [K in RunEventType]: {
    readonly type: K;
    readonly subject: string;
    readonly actor?: { readonly person: string; readonly party: string };
    readonly data: RunEventData[K];
  };
}[RunEventType];
