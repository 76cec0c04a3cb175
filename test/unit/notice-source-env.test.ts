// The environment the notice pollers read: the fetch timeout, checked at start-up with a message
// naming the variable, and the Microsoft Graph credentials, or which of them are missing.
import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/config/environment.js';
import { noticeSourceEnvironment } from '../../src/config/notice-source-env.js';
import { ConfigError } from '../../src/core/errors.js';

const read = (env: Record<string, string>) => noticeSourceEnvironment(readEnvironment(env).env);

describe('notice source environment', () => {
  it('defaults to 30 s per request and says which Graph variables are missing', () => {
    expect(read({})).toEqual({
      timeoutMs: 30_000,
      graph: { missing: ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] },
    });
    expect(read({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' }).graph).toEqual({
      missing: ['GRAPH_CLIENT_SECRET'],
    });
  });

  it('reads the timeout and the Graph app, with endpoint overrides', () => {
    expect(
      read({
        TSUNAGI_FEED_TIMEOUT_MS: '1500',
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's3cret-value',
        GRAPH_BASE_URL: 'http://127.0.0.1:9/',
      }),
    ).toEqual({
      timeoutMs: 1500,
      graph: { tenantId: 't', clientId: 'c', clientSecret: 's3cret-value', baseUrl: 'http://127.0.0.1:9/' },
    });
  });

  it('refuses a timeout that is not a sensible number of milliseconds, naming the variable', () => {
    for (const value of ['soon', '50', '1.5', '900000']) {
      expect(() => read({ TSUNAGI_FEED_TIMEOUT_MS: value })).toThrow(ConfigError);
    }
    expect(() => read({ TSUNAGI_FEED_TIMEOUT_MS: 'soon' })).toThrow(/TSUNAGI_FEED_TIMEOUT_MS "soon"/u);
  });

  it('registers the Graph and AWS secrets for masking', () => {
    const { secrets } = readEnvironment({
      GRAPH_CLIENT_SECRET: 'graph-secret-1',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-1',
    });
    expect(secrets).toEqual(expect.arrayContaining(['graph-secret-1', 'aws-secret-1']));
  });
});
