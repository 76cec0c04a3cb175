// The console adapter: a terminal chat with the bot, no Slack or Teams account needed. Interactive
// with line editing and history on a TTY; with piped input it reads one command per line, prints
// the replies and finishes at end of input. Console-only lines (/as, /join, /leave, /quit) change
// who is typing and where; everything else goes to the router exactly as from Slack or Teams. What
// the bot says on its own (reminders, escalations) is printed between replies, never inside one.
import { appendFile, readFile } from 'node:fs/promises';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Core } from '../../core/core.js';
import type { Bilingual, Locale } from '../../core/i18n/locale.js';
import { parseIncidentId } from '../../core/incidents/incident-id.js';
import type { Person } from '../../core/parties/model.js';
import type { Reply } from '../../core/reply.js';
import { toTsunagiError } from '../../core/errors.js';
import { maskSecrets } from '../../core/secrets/mask-secrets.js';
import type { Logger } from '../../observability/logger.js';
import { renderText } from '../../render/text.js';
import { errorReply, type Router } from '../../router/router.js';
import type { PlatformAdapter } from '../adapter.js';
import { ConsoleNotifier } from './console-notifier.js';

export interface ConsoleAdapterOptions {
  readonly router: Router;
  readonly core: Core;
  readonly logger: Logger;
  readonly input: Readable;
  readonly output: Writable;
  readonly interactive: boolean;
  readonly color: boolean;
  /** Who is typing at start (a person id or console name); defaults to the first customer person. */
  readonly initialUser?: string;
  /** Where interactive history is kept between sessions. */
  readonly historyFile?: string;
  /** Printed once at start-up (e.g. that the example configuration is in use). */
  readonly notices?: readonly Bilingual[];
}

const DEFAULT_CHANNEL = '#general';
const WIDTH = 120;

export class ConsoleAdapter implements PlatformAdapter {
  readonly name = 'console';
  readonly finished: Promise<void>;
  private finish!: () => void;
  private rl: readline.Interface | undefined;
  private user: Person | undefined;
  private channel = DEFAULT_CHANNEL;
  private sequence = 0;
  private closedOutput = false;
  private readonly notifier: ConsoleNotifier;
  /** The bot's own messages wait here until start-up is printed and while a line is handled. */
  private holding = true;
  private readonly held: string[] = [];
  /** The prompt is gone for good (end of input, /quit). */
  private ended = false;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
    const { core, initialUser } = options;
    const directory = core.directory;
    this.user = initialUser
      ? directory.resolvePerson(initialUser, 'console')
      : (directory.people.find((p) => directory.isCustomer(p)) ?? directory.people[0]);
    this.notifier = new ConsoleNotifier({
      core,
      logger: options.logger,
      reader: () => this.user,
      print: (text) => this.announce(text),
      color: options.color,
      width: WIDTH,
    });
    // Listening starts here rather than in start(): the playbook timer's catch-up tick runs before
    // the console starts, and a reminder that fell due while the bot was down must be shown too.
    this.notifier.start();
  }

  async start(): Promise<void> {
    const { initialUser } = this.options;
    const directory = this.options.core.directory;
    if (initialUser && !this.user) {
      const known = directory.people.map((p) => p.id).join(', ');
      this.write(
        this.t({
          ja: `✗ --as / TSUNAGI_CONSOLE_USER の「${initialUser}」は tsunagi.yaml にいません。登録済み: ${known}`,
          en: `✗ "${initialUser}" (from --as / TSUNAGI_CONSOLE_USER) is not in tsunagi.yaml. Known: ${known}`,
        }),
      );
    }
    const history = this.options.interactive ? await this.loadHistory() : [];
    this.rl = readline.createInterface({
      input: this.options.input,
      output: this.options.interactive ? this.options.output : undefined,
      terminal: this.options.interactive,
      historySize: 1000,
      history,
      completer: (line: string) => this.complete(line),
    });
    // The reader went away (`… | head`): stop quietly instead of crashing on EPIPE.
    this.options.output.on('error', (error: NodeJS.ErrnoException) => {
      this.options.logger.info({ code: error.code }, 'console output closed; ending the session');
      this.closedOutput = true;
      this.rl?.close();
    });
    // Ctrl+C at the prompt ends the session, as in any shell.
    this.rl.on('SIGINT', () => this.rl?.close());
    for (const notice of this.options.notices ?? []) this.write(this.t(notice));
    if (this.options.interactive) this.write(this.banner());
    this.release();
    void this.loop();
  }

  async stop(): Promise<void> {
    this.notifier.stop();
    this.rl?.close();
    await this.finished;
  }

  private get locale(): Locale {
    return this.user?.locale ?? this.options.core.defaultLocale;
  }

  private t(text: Bilingual): string {
    return text[this.locale];
  }

  private write(text: string): void {
    if (!this.closedOutput) this.options.output.write(`${text}\n`);
  }

  /** A message of the bot's own: held while a reply is on its way, else printed at once. */
  private announce(text: string): void {
    if (this.holding) {
      this.held.push(text);
      return;
    }
    if (this.options.interactive && this.rl && !this.ended && !this.closedOutput) {
      // The prompt and whatever is typed so far are drawn again below the message.
      readline.clearLine(this.options.output, 0);
      readline.cursorTo(this.options.output, 0);
      this.write(text);
      this.rl.prompt(true);
      return;
    }
    this.write(text);
  }

  private release(): void {
    this.holding = false;
    for (const text of this.held.splice(0)) this.write(text);
  }

  private banner(): string {
    const who = this.user ? this.personLabel(this.user) : '?';
    return this.t({
      ja: `つなぎ（Tsunagi）コンソール — ${who} として操作しています。\n/help でコマンド一覧、/as <人> で操作する人を切り替え、/join INC-n でインシデントのチャンネルへ、/quit で終了。`,
      en: `Tsunagi console — you are ${who}.\n/help lists the commands, /as <person> switches who is typing, /join INC-n enters an incident's channel, /quit exits.`,
    });
  }

  private personLabel(person: Person): string {
    const party = this.options.core.directory.partyOf(person);
    return `${this.t(person.name)} (${person.id}, ${this.t(party.name)})`;
  }

  private prompt(): void {
    if (!this.options.interactive || !this.rl) return;
    this.rl.setPrompt(`[${this.user?.id ?? '?'} ${this.channel}] › `);
    this.rl.prompt();
  }

  private async loop(): Promise<void> {
    const rl = this.rl!;
    this.prompt();
    try {
      for await (const line of rl) {
        if (this.closedOutput) break;
        const text = line.trim();
        if (text === '') {
          this.prompt();
          continue;
        }
        this.holding = true;
        if (!this.options.interactive) this.write(`› ${maskSecrets(text).text}`);
        else await this.remember(text);
        if (/^\/?(quit|exit|q)$/iu.test(text)) break;
        await this.handleLine(text);
        this.release();
        this.prompt();
      }
    } finally {
      this.ended = true;
      rl.close();
      this.release();
      this.finish();
    }
  }

  /** The error boundary for one console line. */
  private async handleLine(text: string): Promise<void> {
    try {
      const meta = /^\/?(as|join|leave)(?:\s+(.*))?$/iu.exec(text);
      if (meta) {
        await this.handleMeta(meta[1]!.toLowerCase(), (meta[2] ?? '').trim());
        return;
      }
      this.sequence += 1;
      const replies = await this.options.router.handle({
        platform: 'console',
        deliveryId: `console-${process.pid}-${this.sequence}`,
        user: { id: this.user?.chat.console?.[0] ?? 'unknown' },
        channel: { platform: 'console', id: this.channel },
        text,
      });
      this.show(replies);
    } catch (thrown) {
      this.options.logger.error({ err: thrown }, 'console line failed');
      this.show([errorReply(toTsunagiError(thrown), this.locale)]);
    }
  }

  private show(replies: readonly Reply[]): void {
    const rendered = replies.map((r) => renderText(r, { color: this.options.color, width: WIDTH }));
    this.write(`${rendered.join('\n\n')}\n`);
  }

  private async handleMeta(command: string, argument: string): Promise<void> {
    const { directory, incidents } = this.options.core;
    if (command === 'as') {
      const person = argument ? directory.resolvePerson(argument, 'console') : undefined;
      if (!person) {
        const byParty = directory.parties.map(
          (party) =>
            `  ${this.t(party.name)}: ${directory.people
              .filter((p) => p.partyId === party.id)
              .map((p) => p.id)
              .join(', ')}`,
        );
        this.write(
          `${this.t({ ja: `✗ 「${argument}」という人はいません。使い方: /as <人>`, en: `✗ No person "${argument}". Usage: /as <person>` })}\n${byParty.join('\n')}\n`,
        );
        return;
      }
      this.user = person;
      this.write(
        this.t({
          ja: `👤 ${this.personLabel(person)} として操作します。`,
          en: `👤 You are now ${this.personLabel(person)}.`,
        }) + '\n',
      );
      return;
    }
    if (command === 'leave') {
      this.channel = DEFAULT_CHANNEL;
      this.write(
        this.t({ ja: `${DEFAULT_CHANNEL} に戻りました。`, en: `Back in ${DEFAULT_CHANNEL}.` }) + '\n',
      );
      return;
    }
    const id = parseIncidentId(argument);
    if (!id || !this.user) {
      this.write(this.t({ ja: '✗ 使い方: /join INC-n', en: '✗ Usage: /join INC-n' }) + '\n');
      return;
    }
    const incident = incidents.get(this.user, id);
    const channel = `#${id.toLowerCase()}`;
    if (incidents.incidentForChannel('console', channel) !== id) {
      await incidents.linkChannel(this.user, incident.id, 'console', channel);
    }
    this.channel = channel;
    this.write(
      this.t({
        ja: `${channel}（${id} ${incident.title}）に入りました。ここではインシデントIDを省略できます。`,
        en: `Entered ${channel} (${id} ${incident.title}). The incident id may be left out here.`,
      }) + '\n',
    );
  }

  private complete(line: string): [string[], string] {
    const words = ['/incident', '/tsunagi', '/help', '/as', '/join', '/leave', '/quit'];
    for (const command of this.options.router.commands) {
      for (const sub of command.subcommands) words.push(`/${command.name} ${sub.name}`);
    }
    const hits = words.filter((w) => w.startsWith(line));
    return [hits.length ? hits : words, line];
  }

  private async loadHistory(): Promise<string[]> {
    if (!this.options.historyFile) return [];
    try {
      return (await readFile(this.options.historyFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .reverse()
        .slice(0, 1000);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.options.logger.warn({ err: error }, 'console history could not be read');
      }
      return [];
    }
  }

  private async remember(line: string): Promise<void> {
    if (!this.options.historyFile) return;
    await appendFile(this.options.historyFile, `${maskSecrets(line).text}\n`).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'console history could not be written');
    });
  }
}
