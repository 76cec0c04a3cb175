// The Slack app manifest must match the code: every registered slash command (and only those),
// the events and shortcut the adapter listens for, and exactly the scopes the Web API methods it
// calls need (minimal scopes: a scope nothing uses is as much a failure as a missing one).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/index.js';
import { ADD_TO_TIMELINE_CALLBACK_ID } from '../../src/platforms/slack/slack-adapter.js';
import { REPO_ROOT } from '../helpers/bot-process.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; url: string; description: string; usage_hint?: string }[];
    shortcuts: { type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(
  readFileSync(path.join(REPO_ROOT, 'manifest/slack/manifest.yaml'), 'utf8'),
) as Manifest;

/** Scopes each Web API method needs (docs.slack.dev method reference, bot tokens). */
const METHOD_SCOPES: Record<string, readonly string[]> = {
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.create': ['groups:write'],
  'conversations.invite': ['groups:write'],
  'conversations.setTopic': ['groups:write'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.list': ['channels:read', 'groups:read'],
  'bookmarks.add': ['bookmarks:write'],
  // Also what downloading a file's url_private_download with the bot token needs.
  'files.info': ['files:read'],
  'reactions.get': ['reactions:read'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.publish': [],
};
/** Scopes a feature needs besides method calls. */
const FEATURE_SCOPES = ['commands'];

function methodsCalledBySlackAdapter(): string[] {
  const dir = path.join(REPO_ROOT, 'src/platforms/slack');
  const called = new Set<string>();
  for (const file of readdirSync(dir)) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(/client\.(\w+)\s*\.(\w+)\(/gu)) called.add(`${match[1]}.${match[2]}`);
    for (const match of source.matchAll(/client\.(\w+)\s*\n\s*\.(\w+)\(/gu))
      called.add(`${match[1]}.${match[2]}`);
  }
  return [...called].sort();
}

describe('Slack app manifest', () => {
  it('declares exactly the registered slash commands, each pointing at /slack/events', () => {
    const registered = commands.filter((c) => c.slashCommand !== false).map((c) => `/${c.name}`);
    const declared = manifest.features.slash_commands.map((c) => c.command);
    expect([...declared].sort()).toEqual([...registered].sort());
    for (const command of manifest.features.slash_commands) {
      expect(new URL(command.url).pathname).toBe('/slack/events');
      expect(command.description.length).toBeGreaterThan(0);
    }
  });

  it('subscribes to the events and declares the shortcut the adapter handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'reaction_added',
    ]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: ADD_TO_TIMELINE_CALLBACK_ID }),
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe('/slack/events');
  });

  it('asks for exactly the scopes the called Web API methods need', () => {
    const called = methodsCalledBySlackAdapter();
    const unknown = called.filter((m) => !(m in METHOD_SCOPES));
    expect(unknown, 'add the scopes of these methods to METHOD_SCOPES').toEqual([]);
    const needed = new Set([...FEATURE_SCOPES, ...called.flatMap((m) => METHOD_SCOPES[m]!)]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
