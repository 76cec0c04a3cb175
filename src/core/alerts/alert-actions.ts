// What people decide about an alert, each recorded with who (the entry's time says when) and shown
// on its card: acknowledge, false positive (with the reason), mute the rule for the principal for a
// while, and open an incident (INC-n, severity from the rule's, the alert noted on its timeline and
// its raw events added as evidence, so `tsunagi evidence export` carries them).
import { UserInputError } from '../errors.js';
import type { EvidenceRecord } from '../evidence/evidence-events.js';
import { safeBaseName } from '../evidence/prepare-evidence.js';
import type { IncidentService } from '../incidents/incident-service.js';
import type { Severity } from '../incidents/severity.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Directory } from '../parties/directory.js';
import type { Person } from '../parties/model.js';
import { maskSecrets } from '../secrets/mask-secrets.js';
import { parseDuration } from '../text/duration.js';
import type { Repository } from '../../store/repository.js';
import type { RuleSeverity } from '../../sources/rules/rule.js';
import { assertCanActOnAlerts } from './alert-access.js';
import type { AlertEventData } from './alert-events.js';
import type { AlertDecision, AlertRecord } from './alert-projection.js';
import type { AlertService } from './alert-service.js';

export const SEVERITY_FOR_RULE: Record<RuleSeverity, Severity> = { critical: 1, high: 2, medium: 3, low: 4 };
export const DEFAULT_MUTE_MS = 3_600_000;
const MAX_MUTE_MS = 90 * 86_400_000;
const MAX_REASON = 1000;

export interface AlertActionOutcome {
  readonly alert: AlertRecord;
  /** The decision recorded now, or the earlier one when it was already taken. */
  readonly decision: AlertDecision;
  readonly already: boolean;
  /** For open-incident: the playbook of the rule, to suggest. */
  readonly playbook?: string;
}

export class AlertActions {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly repository: Repository,
    private readonly directory: Directory,
    private readonly alerts: AlertService,
    private readonly incidents: IncidentService,
    private readonly now: () => Date,
  ) {}

  acknowledge(actor: Person, id: string): Promise<AlertActionOutcome> {
    return this.decide(actor, id, 'acknowledged', (alert) =>
      this.commit('alert.acknowledged', { id: alert.id, by: actor.id, posts: alert.targets }),
    );
  }

  async falsePositive(actor: Person, id: string, reason: string): Promise<AlertActionOutcome> {
    const text = reason.trim();
    if (text === '') {
      throw new UserInputError(
        {
          ja: '誤検知とする理由を書いてください。後で同じルールを見直す人の判断材料になります。',
          en: 'Say why it is a false positive: it is what the next person reviewing the rule will go by.',
        },
        `/alerts false-positive ${id} --reason "…"`,
      );
    }
    if ([...text].length > MAX_REASON) {
      throw new UserInputError({
        ja: `理由が長すぎます（${[...text].length}文字）。${MAX_REASON}文字以内にしてください。`,
        en: `The reason is too long (${[...text].length} characters); keep it within ${MAX_REASON}.`,
      });
    }
    return await this.decide(actor, id, 'false_positive', (alert) =>
      this.commit('alert.false_positive', {
        id: alert.id,
        reason: maskSecrets(text).text,
        by: actor.id,
        posts: alert.targets,
      }),
    );
  }

  /** Mutes the alert's rule for its principal for `duration` (30m, 2h, 1d, PT1H; default 1 hour). */
  async mute(actor: Person, id: string, duration?: string): Promise<AlertActionOutcome> {
    const ms = duration === undefined ? DEFAULT_MUTE_MS : parseDuration(duration);
    if (ms === undefined || ms > MAX_MUTE_MS) {
      throw new UserInputError(
        {
          ja: `ミュートする期間「${duration ?? ''}」が読めないか、90日を超えています。30m、2h、1d、PT1H のように書いてください。`,
          en: `The mute duration "${duration ?? ''}" is not a duration or is over 90 days. Write it like 30m, 2h, 1d or PT1H.`,
        },
        `/alerts mute ${id} --for 1h`,
      );
    }
    // A new mute always records: it may extend or shorten one in force.
    return await this.decide(actor, id, undefined, (alert) =>
      this.commit('alert.muted', {
        id: alert.id,
        rule: alert.rule,
        principal: alert.principal,
        until: new Date(this.now().getTime() + ms).toISOString(),
        by: actor.id,
        posts: alert.targets,
      }),
    );
  }

  /** Declares an incident for the alert, notes the alert on its timeline and adds its raw events as evidence. */
  async openIncident(actor: Person, id: string): Promise<AlertActionOutcome> {
    const rule = this.alerts.rules.rules.find((r) => r.id === this.alerts.get(id).rule);
    const outcome = await this.decide(actor, id, 'incident_opened', async (alert) => {
      const declared = await this.incidents.declare(actor, {
        title: `${alert.rule_title} (${alert.id})`,
        severity: SEVERITY_FOR_RULE[alert.severity],
        services: alert.service ? [alert.service] : [],
        summary: summaryOf(alert),
      });
      const incident = declared.incident.id;
      await this.incidents.addNote(actor, incident, noteOf(alert), false);
      for (const raw of rawEvents(alert)) {
        await this.incidents.addEvidence(actor, incident, { ...raw, by: actor.id });
      }
      await this.commit('alert.incident_opened', {
        id: alert.id,
        incident,
        by: actor.id,
        posts: alert.targets,
      });
    });
    return { ...outcome, ...(rule?.playbook ? { playbook: rule.playbook } : {}) };
  }

  private async decide(
    actor: Person,
    id: string,
    once: AlertDecision['kind'] | undefined,
    record: (alert: AlertRecord) => Promise<unknown>,
  ): Promise<AlertActionOutcome> {
    const { id: alertId } = this.alerts.get(id);
    assertCanActOnAlerts(this.directory, actor, this.alerts.get(alertId));
    return await this.mutex.run(alertId, async () => {
      const before = this.alerts.get(alertId);
      const earlier = once ? before.decisions.find((d) => d.kind === once) : undefined;
      if (earlier) return { alert: before, decision: earlier, already: true };
      await record(before);
      const alert = this.alerts.get(alertId);
      return { alert, decision: alert.decisions.at(-1)!, already: false };
    });
  }

  private async commit<K extends keyof AlertEventData>(type: K, data: AlertEventData[K]): Promise<void> {
    const entry = await this.repository.commit({ type, subject: (data as { id: string }).id, data });
    this.alerts.announce((data as { id: string }).id, entry.seq, (data as { posts?: unknown[] }).posts);
  }
}

function summaryOf(alert: AlertRecord): string {
  const lines = [
    `${alert.id}: ${alert.rule_title} [${alert.rule}, ${alert.severity}]`,
    `principal: ${alert.principal}`,
    `action: ${alert.action}${alert.resource ? ` on ${alert.resource}` : ''}`,
    alert.source_ip ? `from: ${alert.source_ip}` : undefined,
    alert.account ? `account: ${alert.account}${alert.region ? ` ${alert.region}` : ''}` : undefined,
    `event: ${alert.event_id} at ${alert.event_time}${alert.count > 1 ? ` (×${alert.count})` : ''}`,
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

function noteOf(alert: AlertRecord): string {
  return `Opened from alert ${summaryOf(alert)}\nraw event sha256: ${alert.raw_sha256}`;
}

/** The alert's raw events as evidence records (the first, then each distinct grouped one kept). */
function rawEvents(alert: AlertRecord): Omit<EvidenceRecord, 'by'>[] {
  const first = {
    kind: 'file' as const,
    sha256: alert.raw_sha256,
    size: alert.raw_size,
    source: safeBaseName(`${alert.source}-${alert.event_id}.json`),
    ...(alert.raw_original_sha256 ? { original_sha256: alert.raw_original_sha256 } : {}),
    ...(alert.raw_masked ? { masked: alert.raw_masked } : {}),
  };
  const seen = new Set([alert.raw_sha256]);
  const more = alert.grouped.flatMap((g) => {
    if (!g.raw_sha256 || seen.has(g.raw_sha256)) return [];
    seen.add(g.raw_sha256);
    return [
      {
        kind: 'file' as const,
        sha256: g.raw_sha256,
        source: safeBaseName(`${alert.source}-${g.event_id}.json`),
      },
    ];
  });
  return [first, ...more];
}
