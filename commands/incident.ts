// /incident: declare and run an incident from first report to closure.
import { TsunagiError } from '../src/core/errors.js';
import type { Bilingual } from '../src/core/i18n/locale.js';
import { INCIDENT_ROLES, INCIDENT_STATUSES, type IncidentStatus } from '../src/core/incidents/model.js';
import { ROLE_ALIASES, ROLE_LABELS } from '../src/core/incidents/roles.js';
import { DEFAULT_SEVERITY, SEVERITY_DEFINITIONS } from '../src/core/incidents/severity.js';
import type { RecordResult } from '../src/core/incidents/incident-service.js';
import { textReply, type Reply } from '../src/core/reply.js';
import { incidentCard } from '../src/core/views/incident-card.js';
import { incidentList } from '../src/core/views/incident-list.js';
import { incidentTimeline } from '../src/core/views/incident-timeline.js';
import { partiesToInvolveBlocks } from '../src/core/views/parties-to-involve.js';
import { stakeholderUpdate } from '../src/core/views/stakeholder-update.js';
import type { IncidentEventData } from '../src/core/incidents/ledger-events.js';
import * as types from '../src/router/arg-types.js';
import { defineCommand, defineSubcommand, flag, option, positional } from '../src/router/command-spec.js';
import type { CommandContext } from '../src/router/context.js';

const incidentArg = positional(types.incidentId, {
  required: true,
  fromChannel: true,
  help: {
    ja: 'インシデントID（例: INC-1）。専用チャンネルでは省略可',
    en: "Incident id (e.g. INC-1); optional in the incident's channel",
  },
});

const reasonArg = positional(types.text, {
  rest: true,
  help: { ja: '理由（任意）', en: 'Reason (optional)' },
});

const roleType = types.choice('role', INCIDENT_ROLES, ROLE_ALIASES);
const statusType = types.choice('status', INCIDENT_STATUSES);

function maskedNotice(ctx: CommandContext, result: RecordResult): string | undefined {
  if (!result.masked) return undefined;
  return ctx.t({
    ja: `🔐 秘密情報らしき値を ${result.masked} 件、伏せ字にして記録しました。`,
    en: `🔐 ${result.masked} secret-looking value(s) were masked before recording.`,
  });
}

function withNotice(ctx: CommandContext, card: Reply, result: RecordResult): Reply {
  const notice = maskedNotice(ctx, result);
  if (!notice) return card;
  return { ...card, blocks: [...card.blocks, { type: 'context', text: notice }] };
}

function statusChange(
  name: string,
  to: IncidentStatus,
  summary: Bilingual,
  done: (id: string) => Bilingual,
  options: { description?: Bilingual; reasonRequired?: boolean } = {},
) {
  return defineSubcommand({
    name,
    summary,
    ...(options.description ? { description: options.description } : {}),
    permission: 'member',
    positionals: {
      incident: incidentArg,
      reason: options.reasonRequired
        ? positional(types.text, { required: true, rest: true, help: { ja: '理由', en: 'Reason' } })
        : reasonArg,
    },
    options: {},
    examples: [`/incident ${name} INC-1${options.reasonRequired ? ' 再発を確認' : ''}`],
    async run(ctx, args) {
      const result = await ctx.core.incidents.transition(ctx.requireActor(), args.incident, to, args.reason);
      return incidentCard(ctx.view, result.incident, ctx.t(done(result.incident.id)));
    },
  });
}

const declare = defineSubcommand({
  name: 'declare',
  aliases: ['new', '宣言'],
  summary: { ja: 'インシデントを宣言する', en: 'Declare an incident' },
  description: {
    ja: '新しいインシデントを起票し、対象サービスの責任分担表から関与すべき組織と連絡先を示します。重大度を省略すると SEV3 になります。',
    en: 'Opens a new incident and lists, from the responsibility matrix of the affected services, the parties to involve and how to reach them. Severity defaults to SEV3.',
  },
  permission: 'responder',
  positionals: {
    title: positional(types.text, {
      required: true,
      rest: true,
      help: { ja: 'タイトル（何が起きているか）', en: "Title (what's happening)" },
    }),
  },
  options: {
    sev: option(types.severity, {
      help: { ja: '重大度 1〜4（1が最も重大）', en: 'Severity 1-4 (1 is the most severe)' },
    }),
    service: option(types.service, {
      multiple: true,
      help: { ja: '影響を受けるサービス', en: 'Affected service' },
    }),
    commander: option(types.person, {
      help: { ja: '対応責任者（IC）。me で自分', en: 'Incident commander; "me" for yourself' },
    }),
    summary: option(types.text, { help: { ja: '状況の概要', en: 'Summary of the situation' } }),
  },
  examples: [
    '/incident declare "Portal exposed" --sev 2 --service portal',
    '/incident declare 「職員メールの不審なログイン」 --sev 2 --service mail --commander me',
  ],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const result = await ctx.core.incidents.declare(actor, {
      title: args.title,
      severity: args.sev ?? DEFAULT_SEVERITY,
      services: args.service.map((s) => s.id),
      ...(args.summary ? { summary: args.summary } : {}),
      ...(args.commander ? { commander: args.commander } : {}),
    });
    const { incident } = result;
    const v = ctx.view;
    const card = incidentCard(
      v,
      incident,
      ctx.t({ ja: `🚨 ${incident.id} を宣言しました。`, en: `🚨 Declared ${incident.id}.` }),
    );
    const notes: string[] = [];
    if (args.sev === undefined) {
      notes.push(
        ctx.t({
          ja: `重大度が指定されていないため ${SEVERITY_DEFINITIONS[DEFAULT_SEVERITY].label.ja} としました。変更: /incident sev ${incident.id} <1-4>`,
          en: `No severity given, so it is ${SEVERITY_DEFINITIONS[DEFAULT_SEVERITY].label.en}. Change it: /incident sev ${incident.id} <1-4>`,
        }),
      );
    }
    const next = [
      !incident.roles.commander
        ? ctx.t({
            ja: `対応責任者を決める: /incident role ${incident.id} commander me`,
            en: `Name a commander: /incident role ${incident.id} commander me`,
          })
        : undefined,
      ctx.t({
        ja: `関係者を追加する: /incident invite ${incident.id} <person>`,
        en: `Add people: /incident invite ${incident.id} <person>`,
      }),
      ctx.t({
        ja: `第一報を送る: /incident update ${incident.id} "状況…"`,
        en: `Send the first update: /incident update ${incident.id} "What we know…"`,
      }),
    ].filter((x): x is string => x !== undefined);
    const services = args.service;
    const blocks = [
      ...card.blocks.filter((b) => b.type !== 'actions'),
      ...(services.length
        ? partiesToInvolveBlocks(v, services)
        : [
            {
              type: 'context' as const,
              text: ctx.t({
                ja: '対象サービスを --service で指定すると、関与すべき組織と連絡先を表示します。',
                en: 'Name the affected services with --service to see the parties to involve and their contacts.',
              }),
            },
          ]),
      { type: 'list' as const, title: ctx.t({ ja: '次にすること', en: 'Next steps' }), items: next },
      ...notes.map((text) => ({ type: 'context' as const, text })),
      ...card.blocks.filter((b) => b.type === 'actions'),
    ];
    return withNotice(ctx, { ...card, blocks }, result);
  },
});

const status = defineSubcommand({
  name: 'status',
  aliases: ['show'],
  summary: { ja: 'インシデントの状況を表示する', en: "Show an incident's status" },
  permission: 'member',
  positionals: { incident: incidentArg },
  options: {},
  examples: ['/incident status INC-1'],
  run(ctx, args) {
    const incident = ctx.core.incidents.get(ctx.requireActor(), args.incident);
    return { ...incidentCard(ctx.view, incident), visibility: 'ephemeral' as const };
  },
});

const list = defineSubcommand({
  name: 'list',
  aliases: ['ls'],
  summary: { ja: 'インシデントの一覧を表示する', en: 'List incidents' },
  description: {
    ja: 'SIer・クラウド事業者の方には、追加されたインシデントだけが表示されます。',
    en: 'People of an SIer or provider see only the incidents they were added to.',
  },
  permission: 'member',
  positionals: {},
  options: {
    all: flag({ help: { ja: 'クローズ済みも含める', en: 'Include closed incidents' } }),
    status: option(statusType, { help: { ja: 'この状態のものだけ', en: 'Only incidents in this status' } }),
  },
  examples: ['/incident list', '/incident list --all', '/incident list --status contained'],
  run(ctx, args) {
    const incidents = ctx.core.incidents.list(ctx.requireActor(), {
      includeClosed: args.all,
      ...(args.status ? { status: args.status } : {}),
    });
    return incidentList(ctx.view, incidents, args.all || args.status !== undefined);
  },
});

const sev = defineSubcommand({
  name: 'sev',
  aliases: ['severity'],
  summary: { ja: '重大度を変更する', en: 'Change the severity' },
  description: {
    ja: 'SEV1: 住民向けサービスの全面停止・情報漏えい／SEV2: 重要サービスの一部停止・不正アクセスの疑い／SEV3: 限定的な影響／SEV4: 影響なし（計画的に対処）',
    en: 'SEV1: resident services down or data leaked / SEV2: important service partly down or suspected intrusion / SEV3: limited impact / SEV4: no impact (planned work)',
  },
  permission: 'member',
  positionals: {
    incident: incidentArg,
    severity: positional(types.severity, {
      required: true,
      help: { ja: '新しい重大度 1〜4', en: 'New severity 1-4' },
    }),
  },
  options: { reason: option(types.text, { help: { ja: '変更の理由', en: 'Why it changes' } }) },
  examples: ['/incident sev INC-1 1 --reason "個人情報の流出を確認"'],
  async run(ctx, args) {
    const result = await ctx.core.incidents.setSeverity(
      ctx.requireActor(),
      args.incident,
      args.severity,
      args.reason,
    );
    const label = ctx.t(SEVERITY_DEFINITIONS[args.severity].label);
    return incidentCard(
      ctx.view,
      result.incident,
      ctx.t({
        ja: `⚖ ${result.incident.id} の重大度を ${label} に変更しました。`,
        en: `⚖ ${result.incident.id} is now ${label}.`,
      }),
    );
  },
});

const role = defineSubcommand({
  name: 'role',
  summary: { ja: '役割を割り当てる', en: 'Assign a role' },
  description: {
    ja: '役割: commander（対応責任者）、communications（広報・連絡担当）、scribe（記録係）、liaison（組織ごとの連絡窓口）。割り当てた人はインシデントに追加されます。割り当てられるのは利用者組織の人と対応責任者で、空いている役割は誰でも自分で引き受けられます。',
    en: "Roles: commander, communications, scribe, liaison (one per party). The person is added to the incident. The customer's people and the commander can assign; anyone may take a vacant role themselves.",
  },
  permission: 'member',
  positionals: {
    incident: incidentArg,
    role: positional(roleType, { required: true, help: { ja: '役割', en: 'Role' } }),
    person: positional(types.person, {
      required: true,
      help: { ja: '担当者。me で自分', en: 'Person; "me" for yourself' },
    }),
  },
  options: { unassign: flag({ help: { ja: '役割を外す', en: 'Remove the role instead' } }) },
  examples: [
    '/incident role INC-1 commander me',
    '/incident role INC-1 liaison suzuki',
    '/incident role INC-1 scribe tanaka --unassign',
  ],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const service = ctx.core.incidents;
    const result = args.unassign
      ? await service.unassignRole(actor, args.incident, args.role, args.person)
      : await service.assignRole(actor, args.incident, args.role, args.person);
    const who = ctx.view.personWithParty(args.person);
    const roleName =
      args.role === 'liaison'
        ? `${ctx.t(ROLE_LABELS.liaison)}（${ctx.view.party(args.person.partyId)}）`
        : ctx.t(ROLE_LABELS[args.role]);
    const lead = args.unassign
      ? ctx.t({ ja: `👤 ${who} の${roleName}を解除しました。`, en: `👤 ${who} is no longer ${roleName}.` })
      : ctx.t({ ja: `👤 ${who} を${roleName}に割り当てました。`, en: `👤 ${who} is now ${roleName}.` });
    return incidentCard(ctx.view, result.incident, lead);
  },
});

const invite = defineSubcommand({
  name: 'invite',
  aliases: ['add'],
  summary: { ja: '参加者を追加する', en: 'Add people to the incident' },
  description: {
    ja: '追加された SIer・クラウド事業者の人は、このインシデントを見て対応できるようになります（内部メモは見えません）。他組織の人を追加できるのは利用者組織の人と対応責任者です。',
    en: "Added people of an SIer or provider can then see and work on this incident (never its internal notes). Only the customer's people and the commander can add people of another party.",
  },
  permission: 'member',
  positionals: {
    incident: incidentArg,
    people: positional(types.person, {
      required: true,
      variadic: true,
      help: { ja: '追加する人（複数可）', en: 'People to add' },
    }),
  },
  options: {},
  examples: ['/incident invite INC-1 suzuki', '/incident invite INC-1 suzuki tanaka clark'],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const lines: string[] = [];
    let tone: 'success' | 'warning' = 'success';
    // Each person is added on their own: one refusal (already taking part, not allowed) does not
    // stop the others, and the reply says what happened to each.
    for (const person of args.people) {
      const who = ctx.view.personWithParty(person);
      try {
        await ctx.core.incidents.invite(actor, args.incident, person);
        lines.push(
          ctx.t({
            ja: `👤 ${who} を ${args.incident} に追加しました。`,
            en: `👤 Added ${who} to ${args.incident}.`,
          }),
        );
      } catch (error) {
        if (!(error instanceof TsunagiError) || error.code === 'internal' || error.code === 'storage')
          throw error;
        tone = 'warning';
        lines.push(`✗ ${who}: ${ctx.t(error.userMessage)}`);
      }
    }
    return textReply(lines.join('\n'), tone, 'channel');
  },
});

const note = defineSubcommand({
  name: 'note',
  summary: { ja: 'タイムラインにメモを残す', en: 'Add a note to the timeline' },
  description: {
    ja: '--internal を付けると利用者組織の人だけが見られる内部メモになります。秘密情報らしき値（トークン、パスワード等）は伏せ字で記録されます。',
    en: "With --internal only the customer's people can see the note. Secret-looking values (tokens, passwords) are masked before recording.",
  },
  permission: 'member',
  positionals: {
    incident: incidentArg,
    text: positional(types.text, { required: true, rest: true, help: { ja: 'メモの内容', en: 'The note' } }),
  },
  options: {
    internal: flag({
      help: { ja: '利用者組織の内部メモにする', en: "Visible to the customer's people only" },
    }),
  },
  examples: [
    '/incident note INC-1 WAF で該当IPを遮断',
    '/incident note INC-1 "議会への説明は課長判断" --internal',
  ],
  async run(ctx, args) {
    const result = await ctx.core.incidents.addNote(
      ctx.requireActor(),
      args.incident,
      args.text,
      args.internal,
    );
    const lead = args.internal
      ? ctx.t({
          ja: `🔒 ${result.incident.id} に内部メモを記録しました（#${result.entry.seq}）。`,
          en: `🔒 Internal note recorded on ${result.incident.id} (#${result.entry.seq}).`,
        })
      : ctx.t({
          ja: `📝 ${result.incident.id} にメモを記録しました（#${result.entry.seq}）。`,
          en: `📝 Note recorded on ${result.incident.id} (#${result.entry.seq}).`,
        });
    const notice = maskedNotice(ctx, result);
    return textReply(notice ? `${lead}\n${notice}` : lead, 'success');
  },
});

const update = defineSubcommand({
  name: 'update',
  summary: { ja: '関係者へ状況を報告する（第n報）', en: 'Post a status update to stakeholders' },
  description: {
    ja: '報告は第1報、第2報…と番号付きで記録・共有されます。次回報告の予定は重大度に応じて設定されます（SEV1: 30分、SEV2: 1時間、SEV3: 4時間、SEV4: 1日）。--next で変更できます。',
    en: 'Updates are numbered and recorded. The next one is due by severity (SEV1 30 min, SEV2 1 h, SEV3 4 h, SEV4 1 day); change it with --next.',
  },
  permission: 'member',
  positionals: {
    incident: incidentArg,
    text: positional(types.text, { required: true, rest: true, help: { ja: '報告内容', en: 'The update' } }),
  },
  options: {
    next: option(types.duration, {
      help: { ja: '次回報告までの時間（例: 30m, 2h）', en: 'Time until the next update (e.g. 30m, 2h)' },
    }),
  },
  examples: ['/incident update INC-1 "WAFで遮断済み。影響範囲を調査中" --next 30m'],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const result = await ctx.core.incidents.postUpdate(actor, args.incident, args.text, args.next);
    const data = result.entry.data as IncidentEventData['incident.update_posted'];
    const posted = stakeholderUpdate(ctx.view, result.incident, data, ctx.view.personWithParty(actor));
    return withNotice(ctx, posted, result);
  },
});

const timeline = defineSubcommand({
  name: 'timeline',
  aliases: ['log'],
  summary: { ja: 'タイムラインを表示する', en: 'Show the timeline' },
  permission: 'member',
  positionals: { incident: incidentArg },
  options: {
    limit: option(types.count, {
      defaultValue: 50,
      help: { ja: '表示する件数（最新から）', en: 'How many entries (latest first)' },
    }),
  },
  examples: ['/incident timeline INC-1', '/incident timeline INC-1 --limit 200'],
  async run(ctx, args) {
    const actor = ctx.requireActor();
    const incident = ctx.core.incidents.get(actor, args.incident);
    const entries = await ctx.core.incidents.timeline(actor, args.incident);
    return incidentTimeline(ctx.view, incident, entries, args.limit);
  },
});

const contain = statusChange(
  'contain',
  'contained',
  { ja: '封じ込め済みにする', en: 'Mark the incident contained' },
  (id) => ({ ja: `🛡 ${id} を封じ込め済みにしました。`, en: `🛡 ${id} is contained.` }),
);
const resolve = statusChange(
  'resolve',
  'resolved',
  { ja: '解決済みにする', en: 'Mark the incident resolved' },
  (id) => ({ ja: `✅ ${id} を解決済みにしました。`, en: `✅ ${id} is resolved.` }),
);
const close = statusChange(
  'close',
  'closed',
  {
    ja: 'クローズする（対応責任者・責任者のみ）',
    en: 'Close the incident (commander or accountable people)',
  },
  (id) => ({ ja: `📁 ${id} をクローズしました。`, en: `📁 ${id} is closed.` }),
  {
    description: {
      ja: '解決済みのインシデントをクローズします。実行できるのは対応責任者（IC）と、利用者組織の責任者（accountable、またはサービスのシステム所管者）です。',
      en: "Closes a resolved incident. Only the incident commander or the customer's accountable people (accountable, or the service owner) may close.",
    },
  },
);
const reopen = statusChange(
  'reopen',
  'investigating',
  { ja: '再開する（調査中に戻す）', en: 'Reopen (back to investigating)' },
  (id) => ({ ja: `🔁 ${id} を再開しました。`, en: `🔁 ${id} is reopened.` }),
  { reasonRequired: true },
);

export const incidentCommand = defineCommand({
  name: 'incident',
  aliases: ['inc', 'インシデント'],
  summary: { ja: 'インシデント対応', en: 'Incident response' },
  subcommands: [
    declare,
    status,
    list,
    sev,
    role,
    invite,
    note,
    update,
    timeline,
    contain,
    resolve,
    close,
    reopen,
  ],
});
