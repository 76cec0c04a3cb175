// Sub-playbooks wired end to end. After every commit on a run (under that run's mutex) the run
// service calls `follow`: each active `subplaybook` step without a child run gets one, started by the
// system (the actor of the action that led there, none for the timer) with the parent's incident and
// the step's rendered inputs; each child that ended gets `playbook.subrun_finished` on its parent,
// which moves the parent on (finished) or leaves the step to a person (aborted); and when the run
// itself ended, its parent is told the same way, under the parent's mutex.
//
// The work is read from the folded runs (subrun-links.ts), never from effects in memory, so the
// timer's tick — run at start-up too — repairs a crash between the parent's step and the child's
// start, or between the child's end and the parent's record, with the very same code, once.
//
// Locks: a parent's mutex is only ever taken while holding one of its children's, and a child's only
// while holding its parent's when the child is new (nobody else can know it yet), so no two flows
// wait on each other.
import { UserInputError } from '../errors.js';
import type { Bilingual } from '../i18n/locale.js';
import type { LedgerActor } from '../../store/ledger/entry.js';
import * as engine from './engine/engine.js';
import type { EngineEnv, EngineResult } from './engine/engine.js';
import type { RunState, RunsState } from './engine/run-projection.js';
import type { RunResult } from './playbook-run-service.js';
import type { Playbook } from './playbook-types.js';
import { parseInputs } from './run-inputs.js';
import { childOf, subrunWork, type SubrunWork } from './subrun-links.js';

export type Cause = 'command' | 'timer';

/** What the coordinator needs from the run service. */
export interface SubrunHost {
  runs(): RunsState;
  playbook(id: string): Playbook | undefined;
  env(run: RunState, playbook: Playbook): EngineEnv;
  /** Runs state whose `lastNumber` makes `engine.startRun` take a fresh run number. */
  reserveNumber(): RunsState;
  /** Runs `work` under the run's mutex. */
  locked<T>(runId: string, work: () => Promise<T>): Promise<T>;
  /** Commits the entries (the caller holds the run's mutex) and announces the effects. */
  commit(runId: string, playbook: Playbook, result: EngineResult, cause: Cause): Promise<RunResult>;
}

/** Sub-playbooks nested deeper than this are not started (a playbook that calls itself). */
const MAX_DEPTH = 8;
/** Links one call may make on one run before it stops (a loop through sub-playbooks that end at once). */
const MAX_LINKS = 100;

export class SubrunCoordinator {
  /** Why a child could not be started, by `run/step#attempt`, for the step's message. */
  private readonly problems = new Map<string, Bilingual>();

  constructor(private readonly host: SubrunHost) {}

  /**
   * Called under the mutex of `result.run` right after its commit. Returns the result with the
   * results of every other run this moved (`followUps`), each start-subplaybook effect telling the
   * child run it started (or why it could not).
   */
  async follow(result: RunResult, actor: LedgerActor | undefined, cause: Cause): Promise<RunResult> {
    const runId = result.run.id;
    const down = await this.down(runId, actor, cause, 0);
    const run = this.host.runs().byId[runId];
    const up = run ? await this.up(run, actor, cause) : [];
    const followUps = [...(result.followUps ?? []), ...down, ...up];
    return this.annotate({ ...result, ...(followUps.length > 0 ? { followUps } : {}) });
  }

  /** Starts the children the run's steps lack and records the ends of its children (caller holds its mutex). */
  private async down(
    runId: string,
    actor: LedgerActor | undefined,
    cause: Cause,
    depth: number,
  ): Promise<RunResult[]> {
    const results: RunResult[] = [];
    const tried = new Set<string>();
    for (let links = 0; links < MAX_LINKS; links++) {
      const runs = this.host.runs();
      const run = runs.byId[runId];
      const playbook = run ? this.host.playbook(run.playbook) : undefined;
      if (!run || !playbook) break;
      const work = subrunWork(runs, run, playbook).find((w) => !tried.has(workKey(run, w)));
      if (!work) break;
      tried.add(workKey(run, work));
      if (work.kind === 'start') {
        results.push(...(await this.startChild(run, playbook, work, actor, cause, depth)));
      } else {
        const ended = engine.subrunFinished(
          this.host.env(run, playbook),
          work.step,
          work.child.id,
          work.child.status,
        );
        results.push(await this.host.commit(run.id, playbook, ended, cause));
      }
    }
    return results;
  }

  /** The run ended: its parent records it (under the parent's mutex), and so on upwards. */
  private async up(run: RunState, actor: LedgerActor | undefined, cause: Cause): Promise<RunResult[]> {
    const parentId = run.parent?.run;
    if (run.status === 'running' || parentId === undefined) return [];
    return this.host.locked(parentId, async () => {
      const moved = await this.down(parentId, actor, cause, 0);
      const parent = this.host.runs().byId[parentId];
      return [...moved, ...(parent ? await this.up(parent, actor, cause) : [])];
    });
  }

  private async startChild(
    parent: RunState,
    parentPlaybook: Playbook,
    work: Extract<SubrunWork, { kind: 'start' }>,
    actor: LedgerActor | undefined,
    cause: Cause,
    depth: number,
  ): Promise<RunResult[]> {
    const key = `${parent.id}/${work.step.id}#${work.attempt}`;
    const playbook = this.host.playbook(work.step.playbook);
    const env = this.host.env(parent, parentPlaybook);
    let problem: Bilingual | undefined;
    let inputs: ReturnType<typeof parseInputs> = {};
    if (depth >= MAX_DEPTH) {
      problem = {
        ja: `サブプレイブックの入れ子が深すぎます（${MAX_DEPTH}段まで）。プレイブックが自分自身を呼んでいないか確認してください`,
        en: `sub-playbooks nest too deep (at most ${MAX_DEPTH}); check that no playbook calls itself`,
      };
    } else if (!playbook) {
      problem = {
        ja: `プレイブック「${work.step.playbook}」が読み込まれていません`,
        en: `the playbook "${work.step.playbook}" is not loaded`,
      };
    } else {
      try {
        const given = engine.subplaybookInputs(env, work.step.id);
        inputs = parseInputs(
          playbook,
          Object.entries(given).map(([name, value]) => `${name}=${String(value)}`),
        );
      } catch (error) {
        if (!(error instanceof UserInputError)) throw error;
        problem = error.userMessage;
      }
    }
    if (problem || !playbook) {
      // Nothing is recorded: the step waits for a person, who can skip it or run the playbook by hand.
      if (problem) this.problems.set(key, problem);
      return [];
    }
    this.problems.delete(key);
    const result = engine.startRun({
      playbook,
      runs: this.host.reserveNumber(),
      now: env.now,
      ...(actor ? { actor } : {}),
      inputs,
      ...(env.incident ? { incident: env.incident } : {}),
      parent: { run: parent.id, step: work.step.id, attempt: work.attempt },
    });
    const childId = result.entries[0]!.subject;
    return this.host.locked(childId, async () => {
      const started = await this.host.commit(childId, playbook, result, cause);
      const moved = await this.down(childId, actor, cause, depth + 1);
      return [started, ...moved];
    });
  }

  /** Each start-subplaybook effect with the child run it started, or why it could not; recursively. */
  private annotate(result: RunResult): RunResult {
    const runs = this.host.runs();
    const effects = result.effects.map((effect) => {
      if (effect.kind !== 'start-subplaybook') return effect;
      const attempt = runs.byId[effect.run]?.steps[effect.step]?.attempt ?? 1;
      const child = childOf(runs, effect.run, effect.step, attempt);
      if (child) return { ...effect, subrun: child.id };
      const problem = this.problems.get(`${effect.run}/${effect.step}#${attempt}`);
      return problem ? { ...effect, problem } : effect;
    });
    return {
      ...result,
      effects,
      ...(result.followUps ? { followUps: result.followUps.map((r) => this.annotate(r)) } : {}),
    };
  }
}

function workKey(run: RunState, work: SubrunWork): string {
  return work.kind === 'start'
    ? `start ${run.id}/${work.step.id}#${work.attempt}`
    : `finish ${work.child.id}`;
}
