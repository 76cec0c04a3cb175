// Audit-log alerts in the core: the AuditSink the pollers hand raw records to. Each record's own id
// decides whether it was seen before (nothing is raised twice, across restarts); the rule set says
// which rules it matches; a rule muted for the principal raises nothing; a burst of the same rule
// and principal within the grouping window is counted into one alert, whose card is updated in
// place. The raw event is kept in the evidence store first and its hash recorded with the alert.
// Evaluation never throws: a strange record is logged and skipped. Decisions on alerts are
// alert-actions.ts's; posting the cards is alert-delivery.ts's.
import { NotFoundError } from '../errors.js';
import type { DomainEvents } from '../domain-events.js';
import { prepareEvidence } from '../evidence/prepare-evidence.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { sha256Hex } from '../evidence/evidence-store.js';
import { KeyedMutex } from '../keyed-mutex.js';
import type { Directory } from '../parties/directory.js';
import type { AlertSettings } from '../parties/model.js';
import { parseDuration } from '../text/duration.js';
import type { Logger } from '../../observability/logger.js';
import type { LedgerEntry, Repository } from '../../store/repository.js';
import { alertFields, type AlertFields } from '../../sources/audit/alert-fields.js';
import type { RuleSet } from '../../sources/rules/rule-set.js';
import type { AuditSource, CompiledRule } from '../../sources/rules/rule.js';
import {
  alertIdFor,
  eventKey,
  rulePrincipalKey,
  type AlertEventData,
  type RawEventRecord,
} from './alert-events.js';
import { alertProjection, type AlertMute, type AlertRecord, type AlertsState } from './alert-projection.js';
import { routeAlert } from './alert-routing.js';
import type { AuditSink } from './audit-sink.js';
import { personForPrincipal } from './principal-party.js';

export const DEFAULT_GROUP_WINDOW_MS = 10 * 60_000;
const UNKNOWN_PRINCIPAL = 'unknown';

export interface AlertServiceOptions {
  readonly repository: Repository;
  readonly directory: Directory;
  readonly events: DomainEvents;
  readonly store: EvidenceStore;
  readonly rules: RuleSet;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** One record that matched, with what the alert needs from it. */
interface Matched {
  readonly fields: AlertFields;
  readonly eventId: string;
  readonly at: string;
  readonly raw: Buffer;
  readonly rules: readonly CompiledRule[];
}

export class AlertService implements AuditSink {
  private readonly mutex = new KeyedMutex();
  readonly groupWindowMs: number;

  constructor(private readonly options: AlertServiceOptions) {
    const window = this.settings?.groupWindow;
    this.groupWindowMs =
      (window !== undefined ? parseDuration(window) : undefined) ?? DEFAULT_GROUP_WINDOW_MS;
  }

  get rules(): RuleSet {
    return this.options.rules;
  }

  get settings(): AlertSettings | undefined {
    return this.options.directory.config.alerts;
  }

  private get state(): AlertsState {
    return this.options.repository.state(alertProjection);
  }

  accept(source: AuditSource, records: readonly unknown[]): Promise<void> {
    return this.mutex.run('accept', async () => {
      for (const record of records) {
        const matched = this.evaluate(source, record);
        if (matched) await this.record(source, matched);
      }
    });
  }

  /** The alert with this id (`ALT-3`, `alt-3` or `3`), or NotFoundError. */
  get(id: string): AlertRecord {
    const text = id.normalize('NFKC').trim().toUpperCase();
    const found = this.state.byId[/^\d+$/u.test(text) ? alertIdFor(Number(text)) : text];
    if (!found) {
      throw new NotFoundError({
        ja: `アラート ${id} は見つかりません。/alerts recent で一覧を確認してください。`,
        en: `There is no alert ${id}. See /alerts recent for the latest alerts.`,
      });
    }
    return found;
  }

  /** The rule in force with this id (absent when the rule set no longer has it). */
  ruleOf(id: string): CompiledRule | undefined {
    return this.options.rules.rules.find((rule) => rule.id === id);
  }

  lookup(id: string): AlertRecord | undefined {
    return this.state.byId[id];
  }

  /** The latest alerts, newest first. */
  recent(limit: number): AlertRecord[] {
    return Object.values(this.state.byId)
      .sort((a, b) => b.number - a.number)
      .slice(0, Math.max(0, limit));
  }

  /** Mutes still in force at `at`. */
  mutes(at: Date = this.options.now()): AlertMute[] {
    return Object.values(this.state.mutes).filter((m) => Date.parse(m.until) > at.getTime());
  }

  /** Reads the record and runs the rules; undefined when nothing matched or the record is strange. */
  private evaluate(source: AuditSource, record: unknown): Matched | undefined {
    try {
      const rules = this.options.rules.evaluate(source, record);
      if (rules.length === 0) return undefined;
      const fields = alertFields(source, record);
      const raw = Buffer.from(JSON.stringify(record) ?? 'null', 'utf8');
      const eventId = fields.event_id ?? `sha256:${sha256Hex(raw)}`;
      if (this.state.byEvent[eventKey(source, eventId)]) return undefined;
      const parsed = fields.event_time === null ? NaN : Date.parse(fields.event_time);
      const at = Number.isNaN(parsed) ? this.options.now().toISOString() : new Date(parsed).toISOString();
      return { fields, eventId, at, raw, rules };
    } catch (error) {
      // One strange record must not stop the page: it is logged (without its content) and skipped.
      this.options.logger.warn({ err: error, source }, 'audit record could not be evaluated; skipped');
      return undefined;
    }
  }

  private async record(source: AuditSource, matched: Matched): Promise<void> {
    const principal = matched.fields.principal ?? UNKNOWN_PRINCIPAL;
    const now = this.options.now().getTime();
    const live = matched.rules.filter((rule) => {
      const mute = this.state.mutes[rulePrincipalKey(rule.id, principal)];
      return !mute || Date.parse(mute.until) <= now;
    });
    if (live.length === 0) return;
    const raw = await this.keepRaw(source, matched);
    for (const rule of live) {
      const group = this.openGroup(rule.id, principal, matched.at);
      const entry = group
        ? await this.commit('alert.grouped', group.id, {
            id: group.id,
            event_id: matched.eventId,
            count: group.count + 1,
            last_at: matched.at > group.last_at ? matched.at : group.last_at,
            ...raw,
            posts: group.targets,
          })
        : await this.raise(source, rule, principal, matched, raw);
      const data = entry.data as { id: string; posts: readonly unknown[] };
      this.announce(data.id, entry.seq, data.posts);
    }
  }

  /** Asks the delivery layer for the card an entry calls for (when it calls for any). */
  announce(alert: string, seq: number, posts: readonly unknown[] | undefined): void {
    if (posts && posts.length > 0) this.options.events.publish({ type: 'alert.arrived', alert, seq });
  }

  /** The alert a new event of this rule and principal is counted into, if its window is open. */
  private openGroup(rule: string, principal: string, at: string): AlertRecord | undefined {
    const id = this.state.groups[rulePrincipalKey(rule, principal)];
    const alert = id ? this.state.byId[id] : undefined;
    if (!alert) return undefined;
    const gap = Date.parse(at) - Date.parse(alert.first_at);
    return Math.abs(gap) <= this.groupWindowMs ? alert : undefined;
  }

  private raise(
    source: AuditSource,
    rule: CompiledRule,
    principal: string,
    matched: Matched,
    raw: RawEventRecord,
  ): Promise<LedgerEntry> {
    const number = this.state.lastNumber + 1;
    const id = alertIdFor(number);
    const f = matched.fields;
    const service =
      f.account === null
        ? undefined
        : this.options.directory.services.find((s) => s.auditAccounts?.includes(f.account!));
    const responsible = service?.responsibility.accounts.responsible;
    const person =
      principal === UNKNOWN_PRINCIPAL ? undefined : personForPrincipal(this.options.directory, principal);
    const optional = (key: string, value: string | null): Record<string, string> =>
      value === null ? {} : { [key]: value };
    const data: AlertEventData['alert.raised'] = {
      id,
      number,
      rule: rule.id,
      rule_title: rule.title.en,
      severity: rule.severity,
      source,
      event_id: matched.eventId,
      event_time: matched.at,
      principal,
      ...(person ? { person: person.id, party: person.partyId } : {}),
      ...optional('source_ip', f.source_ip),
      ...optional('user_agent', f.user_agent),
      action: f.action ?? rule.title.en,
      ...optional('resource', f.resource),
      ...optional('result', f.result),
      ...optional('account', f.account),
      ...optional('region', f.region),
      ...(service ? { service: service.id } : {}),
      ...(responsible ? { responsible } : {}),
      count: 1,
      first_at: matched.at,
      last_at: matched.at,
      ...raw,
      posts: routeAlert(this.settings, rule.id, rule.severity, responsible),
    };
    return this.commit('alert.raised', id, data);
  }

  /** Keeps the raw event (masked like any evidence file) before anything refers to it. */
  private async keepRaw(source: AuditSource, matched: Matched): Promise<RawEventRecord> {
    const prepared = prepareEvidence({
      file: { name: `${source}-${matched.eventId}.json`, bytes: matched.raw },
    });
    await this.options.store.put(prepared.bytes);
    const { record } = prepared;
    return {
      raw_sha256: record.sha256,
      raw_size: record.size ?? prepared.bytes.length,
      ...(record.original_sha256 ? { raw_original_sha256: record.original_sha256 } : {}),
      ...(record.masked ? { raw_masked: record.masked } : {}),
    };
  }

  private commit<K extends keyof AlertEventData>(
    type: K,
    subject: string,
    data: AlertEventData[K],
  ): Promise<LedgerEntry> {
    return this.options.repository.commit({ type, subject, data });
  }
}
