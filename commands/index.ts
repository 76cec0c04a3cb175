// Every chat command, in the order help lists them. manifest/slack/manifest.yaml declares the same
// slash commands (a test keeps the two in step).
import type { CommandSpec } from '../src/router/command-spec.js';
import { alertsCommand } from './alerts.js';
import { helpCommand } from './help.js';
import { incidentCommand } from './incident.js';
import { noticesCommand } from './notices.js';
import { plannedCommands } from './planned.js';
import { playbookCommand } from './playbook.js';
import { tsunagiCommand } from './tsunagi.js';

export const commands: readonly CommandSpec[] = [
  incidentCommand,
  playbookCommand,
  noticesCommand,
  alertsCommand,
  ...plannedCommands,
  tsunagiCommand,
  helpCommand,
];
