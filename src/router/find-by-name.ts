// Finds a command or subcommand by its name or an alias, as people type it (any case or width).

export function findByName<T extends { readonly name: string; readonly aliases?: readonly string[] }>(
  items: readonly T[],
  typed: string,
): T | undefined {
  const key = typed.normalize('NFKC').toLowerCase();
  return items.find((item) => item.name === key || item.aliases?.includes(key));
}
