import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { UserError } from '../../src/core/errors.ts';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shhh-secret-123' };

describe('loadConfig', () => {
  it('reads HTTP mode with defaults resolved against the working directory', () => {
    const config = loadConfig(base, '/srv/bot');
    expect(config).toMatchObject({
      appToken: null,
      port: 3000,
      runbooksDir: '/srv/bot/runbooks',
      dataDir: '/srv/bot/data',
      logLevel: 'info',
      slackApiUrl: null,
    });
  });

  it('selects Socket Mode when an app token is set, and needs no signing secret then', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-x' }, '/');
    expect(config.appToken).toBe('xapp-1-A1-2-x');
    expect(config.signingSecret).toBeNull();
  });

  it('normalises SLACK_API_URL to end with a slash', () => {
    expect(loadConfig({ ...base, SLACK_API_URL: 'http://127.0.0.1:9/api' }, '/').slackApiUrl).toBe(
      'http://127.0.0.1:9/api/',
    );
  });

  it('lists every problem at once with how to fix it', () => {
    let error: unknown;
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token', PORT: 'eighty', LOG_LEVEL: 'loud' }, '/');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('SLACK_SIGNING_SECRET is missing');
    expect(message).toContain('OAuth & Permissions');
  });

  it('treats an empty value as unset', () => {
    expect(() => loadConfig({ ...base, SLACK_APP_TOKEN: '' }, '/')).not.toThrow();
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'x'.repeat(10) }, '/')).toThrow(
      /SLACK_BOT_TOKEN is missing/,
    );
  });
});
