// POSTs JSON to a response_url. Plain node:http(s) with keep-alive rather than fetch: under load
// fetch's web-streams machinery cost the bot more CPU than the rest of answering a command, and
// that CPU is taken from acknowledging the next one within Slack's 3 seconds.
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export function postJson(url: string, body: unknown, timeoutMs = 10_000): Promise<void> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new Error(`response_url is not http(s): ${target.protocol}`));
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length },
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`response_url answered HTTP ${status}`));
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`response_url did not answer in ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}
