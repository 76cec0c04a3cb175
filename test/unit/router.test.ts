// The command router, driven with neutral chat events exactly as platforms deliver them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Reply } from '../../src/core/reply.js';
import { renderText } from '../../src/render/text.js';
import { defineCommand, defineSubcommand } from '../../src/router/command-spec.js';
import { Router } from '../../src/router/router.js';
import { usageLine } from '../../src/router/usage.js';
import { openCore, type CoreFixture } from '../helpers/core-fixture.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let f: CoreFixture;
let router: Router;

beforeEach(async () => {
  temp = makeTempDir();
  f = await openCore(temp.path);
  router = new Router({ commands, core: f.core, logger: silentLogger });
});
afterEach(async () => {
  await f.close();
  temp.cleanup();
});

let delivery = 0;
async function say(text: string, user = 'sato', channel = '#general'): Promise<string> {
  delivery += 1;
  const replies: Reply[] = await router.handle({
    platform: 'console',
    deliveryId: `t-${delivery}`,
    user: { id: user },
    channel: { platform: 'console', id: channel },
    text,
  });
  return replies.map((r) => renderText(r, { color: false })).join('\n');
}

describe('routing', () => {
  it('accepts commands with or without the slash, in any case and width', async () => {
    expect(await say('incident declare "A" --sev 2')).toContain('INC-1 を宣言しました');
    expect(await say('/INCIDENT STATUS inc-1')).toContain('INC-1 A');
    expect(await say('／incident status ＩＮＣ－１')).toContain('INC-1 A');
    expect(await say('/inc list')).toContain('INC-1');
  });

  it('accepts --flag value, --flag=value, phone dashes and repeated or comma-separated options', async () => {
    expect(await say('/incident declare Broken portal —sev=1 --service portal,mail')).toContain('SEV1');
    const status = await say('/incident status INC-1');
    expect(status).toContain('市公式ウェブポータル (portal)');
    expect(status).toContain('職員メール（Microsoft 365） (mail)');
    expect(await say('/incident declare X --service portal --service portal --sev SEV4')).toContain('INC-2');
  });

  it('takes free text without quotes and the incident from the channel', async () => {
    await say('/incident declare Mail outage --sev 2');
    await router.handle({
      platform: 'console',
      deliveryId: 'x',
      user: { id: 'sato' },
      channel: { platform: 'console', id: '#general' },
      text: '/incident status INC-1',
    });
    await f.core.incidents.linkChannel(f.person('sato'), 'INC-1', 'console', '#inc-1');
    expect(await say('/incident note queue is draining now', 'sato', '#inc-1')).toContain(
      'INC-1 にメモを記録しました',
    );
    const timeline = await say('/incident timeline', 'sato', '#inc-1');
    expect(timeline).toContain('queue is draining now');
    expect(await say('/incident note queue is draining now', 'sato', '#general')).toContain(
      '<incident> を指定してください',
    );
  });

  it("answers in the person's language: English for the provider's TAM", async () => {
    await say('/incident declare "Portal down" --sev 1 --service portal');
    await say('/incident invite INC-1 clark');
    const status = await say('/incident status INC-1', 'clark');
    expect(status).toContain('Status');
    expect(status).toContain('SEV1 (critical)');
  });

  it('refuses people who are not in tsunagi.yaml, except for help and whoami', async () => {
    expect(await say('/incident list', 'stranger')).toContain('tsunagi.yaml に登録されていないため');
    expect(await say('/tsunagi whoami', 'stranger')).toContain('tsunagi.yaml に登録されていません');
    expect(await say('/help', 'stranger')).toContain('/incident');
  });
});

describe('help generated from declarations', () => {
  it('lists every command and every subcommand with its usage', async () => {
    const overview = await say('/help');
    for (const command of commands) expect(overview).toContain(`/${command.name}`);
    const incident = commands.find((c) => c.name === 'incident')!;
    const help = await say('/incident help');
    for (const sub of incident.subcommands) expect(help).toContain(usageLine(incident, sub));
  });

  it('shows arguments, permission and examples for a subcommand', async () => {
    const help = await say('/incident declare --help');
    expect(help).toContain(
      '/incident declare <title>… [--sev <1-4>] [--service <service>]… [--commander <person>] [--summary <text>]',
    );
    expect(help).toContain('実行できる人');
    expect(help).toContain('利用者組織または SIer の人');
    expect(help).toContain('/incident declare "Portal exposed" --sev 2 --service portal');
    expect(await say('/help incident sev')).toContain('SEV1: 住民向けサービスの全面停止');
  });

  it("states each subcommand's declared permission, and enforces it before running", async () => {
    expect(await say('/incident close --help')).toContain('対応責任者（IC）と、利用者組織の責任者');
    expect(await say('/incident note --help')).toContain('利用者組織の人と、このインシデントに追加された人');
    await say('/incident declare "Seed" --sev 3');
    await say('/incident resolve INC-1');
    expect(await say('/incident note INC-1 hello', 'suzuki')).toContain('共有されていません');
    await say('/incident invite INC-1 suzuki');
    expect(await say('/incident close INC-1', 'suzuki')).toContain('クローズできるのは');
    expect(f.core.incidents.get(f.person('sato'), 'INC-1').status).toBe('resolved');
  });
});

describe('errors name the argument and show the usage', () => {
  it.each([
    ['/incident sev INC-1 high', '<severity>: 重大度「high」は不明です'],
    ['/incident role INC-1 boss sato', '<role>: 「boss」は指定できません'],
    [
      '/incident role INC-1 commander satou',
      '<person>: 「satou」という人は tsunagi.yaml にいません。「sato」ではありませんか',
    ],
    [
      '/incident declare X --service portl',
      '--service: サービス「portl」は tsunagi.yaml に定義されていません。「portal」ではありませんか',
    ],
    ['/incident update INC-1 hi --next soon', '--next: 期間「soon」を解釈できません'],
    ['/incident timeline INC-1 --limit 0', '--limit: 1〜1000 の整数'],
    ['/incident list --all=yes', '--all は値を取りません'],
    ['/incident status INC-1 extra', '余分な引数があります'],
    ['/incident declare X --sev 1 --sev 2', '--sev が2回指定されています'],
  ])('%s', async (input, message) => {
    await say('/incident declare "Seed" --sev 3');
    const output = await say(input);
    expect(output).toContain(message);
    expect(output).toContain('使い方: /incident');
  });
});

describe('router set-up', () => {
  it('refuses two commands with the same name or alias at start-up', () => {
    const sub = defineSubcommand({
      name: 'x',
      summary: { ja: 'x', en: 'x' },
      permission: 'anyone',
      positionals: {},
      options: {},
      run: () => [],
    });
    const a = defineCommand({
      name: 'alpha',
      aliases: ['a'],
      summary: { ja: 'a', en: 'a' },
      subcommands: [sub],
    });
    const b = defineCommand({
      name: 'beta',
      aliases: ['a'],
      summary: { ja: 'b', en: 'b' },
      subcommands: [sub],
    });
    expect(() => new Router({ commands: [a, b], core: f.core, logger: silentLogger })).toThrow(
      /"a" is used by both/,
    );
  });

  it('turns an unexpected failure inside a command into an internal-error reply without details', async () => {
    const boom = defineSubcommand({
      name: 'boom',
      summary: { ja: 'b', en: 'b' },
      permission: 'anyone',
      positionals: {},
      options: {},
      run: () => {
        throw new TypeError('cannot read properties of undefined (secret internals)');
      },
    });
    const broken = new Router({
      commands: [defineCommand({ name: 'test', summary: { ja: 't', en: 't' }, subcommands: [boom] })],
      core: f.core,
      logger: silentLogger,
    });
    const replies = await broken.handle({
      platform: 'console',
      deliveryId: 'b',
      user: { id: 'sato' },
      channel: { platform: 'console', id: '#g' },
      text: '/test boom',
    });
    const text = renderText(replies[0]!, { color: false });
    expect(text).toContain('内部エラー');
    expect(text).not.toContain('secret internals');
  });
});

describe('adding several people at once', () => {
  it('adds each person and reports a refusal for one without stopping the others', async () => {
    await say('/incident declare "Portal down" --sev 2 --service portal');
    await say('/incident invite INC-1 suzuki');
    const output = await say('/incident invite INC-1 tanaka suzuki,clark');
    expect(output).toContain('田中 優子（ひかり情報）を INC-1 に追加しました');
    expect(output).toContain('✗ 鈴木 一郎（ひかり情報）: 鈴木 一郎 さんは既に INC-1 の参加者です');
    expect(output).toContain('Emily Clark（AWS）を INC-1 に追加しました');
    expect(f.core.incidents.get(f.person('sato'), 'INC-1').participants).toEqual([
      'sato',
      'suzuki',
      'tanaka',
      'clark',
    ]);
    expect(await say('/incident invite INC-1')).toContain('<people> を1つ以上指定してください');
    expect(await say('/incident help')).toContain('/incident invite [INC-n] <people>…');
  });
});

describe('contact routes by party', () => {
  it("shows personal contact routes to the customer and the SIer, but a provider sees only its own party's", async () => {
    const forCustomer = await say('/tsunagi whois portal');
    expect(forCustomer).toContain('+81-90-5555-0101'); // the city owner's mobile
    expect(forCustomer).toContain('+81-80-5555-0201'); // the SIer's on-call mobile
    const forSier = await say('/tsunagi whois portal', 'suzuki');
    expect(forSier).toContain('+81-90-5555-0101');
    const forProvider = await say('/tsunagi whois portal', 'clark');
    expect(forProvider).not.toContain('+81-90-5555-0101');
    expect(forProvider).not.toContain('+81-80-5555-0201');
    expect(forProvider).toContain('tam-tsubaki@aws.example.com'); // her own party's
    expect(forProvider).toContain('+81-3-5555-0199'); // party hotlines stay visible
  });
});
