// What the CLI's exports (review, evidence) read first: the incident id as typed and the optional
// `--party`, checked against tsunagi.yaml, with the same messages for both commands.
import { UserInputError } from '../core/errors.js';
import { parseIncidentId } from '../core/incidents/incident-id.js';
import { Directory } from '../core/parties/directory.js';
import { loadConfig, locateConfig } from '../core/parties/load-config.js';
import type { Party } from '../core/parties/model.js';
import { EXAMPLE_CONFIG } from './paths.js';

export interface ExportTarget {
  readonly id: string;
  readonly directory: Directory;
  readonly party: Party | undefined;
}

export function exportTarget(options: {
  readonly incident: string;
  readonly party?: string;
  readonly config?: string;
  readonly cwd: string;
}): ExportTarget {
  const id = parseIncidentId(options.incident);
  if (!id) {
    throw new UserInputError({
      ja: `「${options.incident}」はインシデントIDではありません（例: INC-3）。`,
      en: `"${options.incident}" is not an incident id (e.g. INC-3).`,
    });
  }
  const directory = new Directory(loadConfig(locateConfig(options.config, options.cwd, EXAMPLE_CONFIG)));
  const party = options.party === undefined ? undefined : directory.party(options.party);
  if (options.party !== undefined && !party) {
    const known = directory.parties.map((p) => p.id).join(', ');
    throw new UserInputError({
      ja: `--party「${options.party}」は tsunagi.yaml にありません。登録済み: ${known}`,
      en: `--party "${options.party}" is not in tsunagi.yaml. Known: ${known}`,
    });
  }
  return { id, directory, party };
}
