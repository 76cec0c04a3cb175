// Evidence added to a step of a playbook run: the engine checks the step and field and records the
// entry; this completes the entry with what the evidence store actually kept (the kind given, and
// for a masked file the original's hash), so a run's evidence reads like an incident's.
import type { EngineResult } from '../playbooks/engine/engine.js';
import type { RunEntry } from '../playbooks/engine/run-events.js';
import type { PreparedEvidence } from './prepare-evidence.js';

export function recordAsStored(result: EngineResult, stored: PreparedEvidence): EngineResult {
  const entries = result.entries.map((entry): RunEntry =>
    entry.type === 'playbook.evidence_added'
      ? { ...entry, data: { ...entry.data, ...stored.record } }
      : entry,
  );
  return { ...result, entries };
}
