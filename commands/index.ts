// Every chat command, in the order help lists them.
import type { CommandSpec } from '../src/router/command-spec.js';
import { helpCommand } from './help.js';
import { incidentCommand } from './incident.js';
import { tsunagiCommand } from './tsunagi.js';

export const commands: readonly CommandSpec[] = [incidentCommand, tsunagiCommand, helpCommand];
