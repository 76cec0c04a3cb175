// Reading what the console printed: the reply to each echoed command (`› command`), and the
// messages the bot printed on its own (each starting with a "🔔" line), between replies.

const NOTICE = '🔔 ';

/** Splits console output into the reply printed for each echoed command. */
export function repliesByCommand(stdout: string): Map<string, string> {
  const replies = new Map<string, string>();
  let current: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('› ')) {
      current = line.slice(2);
      replies.set(current, '');
    } else if (line.startsWith(NOTICE)) {
      // The bot's own message is not part of the reply before it.
      current = undefined;
    } else if (current !== undefined) {
      replies.set(current, `${replies.get(current)}${line}\n`);
    }
  }
  return replies;
}

/** The messages the bot printed on its own, in order, each with its "🔔" line. */
export function botNotices(stdout: string): string[] {
  const notices: string[] = [];
  let current: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(NOTICE)) {
      if (current !== undefined) notices.push(current);
      current = `${line}\n`;
    } else if (line.startsWith('› ')) {
      if (current !== undefined) notices.push(current);
      current = undefined;
    } else if (current !== undefined) {
      current += `${line}\n`;
    }
  }
  if (current !== undefined) notices.push(current);
  return notices;
}
