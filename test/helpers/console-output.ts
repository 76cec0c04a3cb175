// Reading what the console printed: the reply to each echoed command (`› command`).

/** Splits console output into the reply printed for each echoed command. */
export function repliesByCommand(stdout: string): Map<string, string> {
  const replies = new Map<string, string>();
  let current: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('› ')) {
      current = line.slice(2);
      replies.set(current, '');
    } else if (current !== undefined) {
      replies.set(current, `${replies.get(current)}${line}\n`);
    }
  }
  return replies;
}
