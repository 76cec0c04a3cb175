// The command router: one entry point for every platform. It finds the command, parses its
// arguments from the declaration, checks the declared permission, runs it against the core and
// turns any failure into a reply in the person's language. It is the error boundary for each
// inbound event: nothing thrown escapes it, and no stack trace reaches a user.
import { PermissionError, UserInputError, toTsunagiError, type TsunagiError } from '../core/errors.js';
import type { Core } from '../core/core.js';
import { assertCanClose } from '../core/incidents/access.js';
import type { Bilingual, Locale } from '../core/i18n/locale.js';
import type { Person } from '../core/parties/model.js';
import { reply, type Block, type Reply } from '../core/reply.js';
import { suggest } from '../core/text/suggest.js';
import { ViewContext } from '../core/views/view-context.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AnySubcommand, CommandSpec, Permission } from './command-spec.js';
import type { ChatEvent, CommandContext } from './context.js';
import { findByName } from './find-by-name.js';
import { formFor } from './forms.js';
import { helpOverview } from './help-overview.js';
import { parseArguments } from './parse-arguments.js';
import { tokenize, type Token } from './tokenize.js';
import { commandHelp, subcommandHelp, usageLine } from './usage.js';

export interface RouterOptions {
  readonly commands: readonly CommandSpec[];
  readonly core: Core;
  readonly logger: Logger;
  readonly metrics?: Metrics;
}

interface Resolved {
  readonly command: CommandSpec;
  readonly sub: AnySubcommand;
  readonly rest: readonly Token[];
}

export class Router {
  readonly commands: readonly CommandSpec[];

  constructor(private readonly options: RouterOptions) {
    this.commands = options.commands;
    assertUniqueNames(options.commands);
  }

  /** Handles one inbound command; always resolves with replies, never rejects. */
  async handle(event: ChatEvent): Promise<Reply[]> {
    const started = performance.now();
    const { core } = this.options;
    const actor = core.directory.personByChat(event.platform, event.user.id);
    const locale: Locale = actor?.locale ?? event.user.locale ?? core.defaultLocale;
    const log = this.options.logger.child({
      deliveryId: event.deliveryId,
      platform: event.platform,
      user: actor?.id ?? event.user.id,
    });
    let label = 'unknown';
    try {
      const ctx = this.context(event, actor, locale);
      const tokens = tokenize(stripCommandPrefix(event.text));
      if (tokens.length === 0) return [helpOverview(this.commands, locale)];
      const resolved = this.resolve(tokens, locale);
      if ('help' in resolved) return [resolved.help];
      const { command, sub, rest } = resolved;
      label = `${command.name} ${sub.name}`;
      const usage = usageLine(command, sub);
      const form = formFor(command, sub, rest, ctx);
      if (form) {
        const incident = /INC-\d+/u.exec(form.command)?.[0];
        checkPermission(sub.permission, actor, ctx, incident ? { incident } : {});
        return [reply(form.title, [{ type: 'text', text: form.title }], { visibility: 'ephemeral', form })];
      }
      const channelIncident = core.incidents.incidentForChannel(event.channel.platform, event.channel.id);
      const parsed = parseArguments(sub, {
        tokens: rest,
        ctx,
        usage,
        ...(channelIncident ? { channelIncident } : {}),
      });
      if (parsed.help) return [subcommandHelp(command, sub, locale)];
      checkPermission(sub.permission, actor, ctx, parsed.args);
      const result = await sub.run(ctx, parsed.args);
      this.options.metrics?.commands.inc({ platform: event.platform, command: label, outcome: 'ok' });
      log.info({ command: label, ms: Math.round(performance.now() - started) }, 'command handled');
      return Array.isArray(result) ? [...(result as Reply[])] : [result as Reply];
    } catch (thrown) {
      const error = toTsunagiError(thrown);
      this.options.metrics?.commands.inc({ platform: event.platform, command: label, outcome: error.code });
      if (error.code === 'internal' || error.code === 'storage') {
        log.error({ err: thrown, command: label }, 'command failed');
      } else {
        log.info({ command: label, code: error.code, reason: error.userMessage.en }, 'command refused');
      }
      return [errorReply(error, locale)];
    } finally {
      this.options.metrics?.commandSeconds.observe({ command: label }, (performance.now() - started) / 1000);
    }
  }

  private context(event: ChatEvent, actor: Person | undefined, locale: Locale): CommandContext {
    const { core } = this.options;
    const t = (text: Bilingual): string => text[locale];
    return {
      event,
      actor,
      locale,
      channel: event.channel,
      platform: event.platform,
      core,
      directory: core.directory,
      commands: this.commands,
      t,
      view: new ViewContext(
        locale,
        core.directory,
        core.timeZone,
        core.now(),
        actor,
        event.channel.shared ?? false,
      ),
      requireActor: () => {
        if (actor) return actor;
        throw notListed(event);
      },
    };
  }

  private resolve(tokens: readonly Token[], locale: Locale): Resolved | { help: Reply } {
    const [first, second] = tokens;
    const command = findByName(this.commands, first!.text);
    if (!command || first!.quoted) {
      const names = this.commands.map((c) => c.name);
      const hint = suggest(first!.text, names);
      throw new UserInputError(
        {
          ja: `「${first!.text}」というコマンドはありません。${hint ? `/${hint} ではありませんか。` : ''}使えるコマンド: ${names.map((n) => `/${n}`).join(' ')}`,
          en: `Unknown command "${first!.text}".${hint ? ` Did you mean /${hint}?` : ''} Commands: ${names.map((n) => `/${n}`).join(' ')}`,
        },
        '/help',
      );
    }
    const sub = second && !second.quoted ? findByName(command.subcommands, second.text) : undefined;
    if (sub) return { command, sub, rest: tokens.slice(2) };
    if (command.defaultSubcommand) {
      const fallback = command.subcommands.find((s) => s.name === command.defaultSubcommand)!;
      return { command, sub: fallback, rest: tokens.slice(1) };
    }
    if (!second || second.text === 'help' || second.text === '--help' || second.text === '-h') {
      return { help: commandHelp(command, locale) };
    }
    const names = command.subcommands.map((s) => s.name);
    const hint = suggest(second.text, names);
    throw new UserInputError(
      {
        ja: `/${command.name} に「${second.text}」というサブコマンドはありません。${hint ? `「${hint}」ではありませんか。` : ''}使えるもの: ${names.join(', ')}`,
        en: `/${command.name} has no subcommand "${second.text}".${hint ? ` Did you mean "${hint}"?` : ''} Available: ${names.join(', ')}`,
      },
      `/${command.name} help`,
    );
  }
}

/** Teams and the console accept commands with or without the slash ("incident list", "/incident list"). */
function stripCommandPrefix(text: string): string {
  return text.trim().replace(/^[/／]/u, '');
}

/**
 * Enforces the declared permission before the command runs. Incident-level permissions use the
 * core's own access rules (the core checks them again when it records the change).
 */
function checkPermission(
  permission: Permission,
  actor: Person | undefined,
  ctx: CommandContext,
  args: Record<string, unknown>,
): void {
  if (permission === 'anyone') return;
  if (!actor) throw notListed(ctx.event);
  if ((permission === 'participant' || permission === 'closer') && typeof args.incident === 'string') {
    const incident = ctx.core.incidents.get(actor, args.incident);
    if (permission === 'closer') assertCanClose(ctx.directory, actor, incident);
  }
  if (permission === 'responder' && ctx.directory.partyOf(actor).role === 'provider') {
    throw new PermissionError({
      ja: 'この操作は利用者組織または SIer の人だけが行えます。',
      en: 'Only people of the customer or an SIer can do this.',
    });
  }
}

function notListed(event: ChatEvent): PermissionError {
  return new PermissionError({
    ja: `あなた（${event.platform} ID: ${event.user.id}）は tsunagi.yaml に登録されていないため、この操作はできません。管理者に people への追加を依頼してください。`,
    en: `You (${event.platform} id ${event.user.id}) are not listed in tsunagi.yaml, so you cannot do this. Ask an administrator to add you under people.`,
  });
}

const ERROR_TITLES: Record<TsunagiError['code'], Bilingual> = {
  user_input: { ja: '入力を確認してください', en: 'Please check the input' },
  permission: { ja: '権限がありません', en: 'Not permitted' },
  not_found: { ja: '見つかりません', en: 'Not found' },
  upstream: { ja: '外部サービスのエラー', en: 'Upstream service error' },
  config: { ja: '設定の誤り', en: 'Configuration error' },
  storage: { ja: '保存に失敗しました', en: 'Storage error' },
  internal: { ja: '内部エラー', en: 'Internal error' },
};

export function errorReply(error: TsunagiError, locale: Locale): Reply {
  const message = error.userMessage[locale];
  const blocks: Block[] = [{ type: 'text', text: `✗ ${ERROR_TITLES[error.code][locale]}: ${message}` }];
  if (error instanceof UserInputError && error.usage) {
    blocks.push({ type: 'context', text: `${locale === 'ja' ? '使い方' : 'Usage'}: ${error.usage}` });
  }
  return reply(message, blocks, {
    tone: error.code === 'permission' ? 'warning' : 'danger',
    visibility: 'ephemeral',
  });
}

function assertUniqueNames(commands: readonly CommandSpec[]): void {
  const seen = new Map<string, string>();
  for (const command of commands) {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      const owner = seen.get(name);
      if (owner) throw new Error(`command name "${name}" is used by both /${owner} and /${command.name}`);
      seen.set(name, command.name);
    }
    const subs = new Set<string>();
    for (const sub of command.subcommands) {
      for (const name of [sub.name, ...(sub.aliases ?? [])]) {
        if (subs.has(name)) throw new Error(`/${command.name} declares the subcommand name "${name}" twice`);
        subs.add(name);
      }
    }
  }
}
