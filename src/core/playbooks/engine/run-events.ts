// The ledger entries that make up a playbook run's history (subject `RUN-<n>`). Their `data` shapes
// are a stored format: add fields, never change or remove them.
//
// Every entry that moves the run on carries the move itself (`next`), so one entry is one atomic
// change: a crash between two entries never leaves a step half-left. Timers are scheduled with their
// absolute due time inside `playbook.step_started`, and each has a deterministic key; a fired timer is
// recorded once (`playbook.timer_fired`), so after a restart no timer is repeated or lost.

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
    /** The parent run when this run is a sub-playbook. */
    parent?: { run: string; step: string };
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
  'playbook.item_checked': { step: string; item: number; by: string };
  /** The performer finished the step; when the step has `verify`, it waits for the check. */
  'playbook.step_done': { step: string; by: string; outputs?: Record<string, string> } & Move;
  'playbook.step_verified': { step: string; by: string } & Move;
  'playbook.decision_made': { step: string; value: string; by: string } & Move;
  'playbook.evidence_added': {
    step: string;
    field: string;
    kind: 'text' | 'file' | 'link';
    sha256: string;
    size?: number;
    /** File name, URL or `text`. */
    source: string;
    by: string;
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
