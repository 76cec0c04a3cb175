// The shape of a field mapping: how a Sigma field name finds values in one audit source's raw
// records. The tables themselves, one per source, are in field-mapping.ts.
import type { Bilingual } from '../../../core/i18n/locale.js';
import type { AuditSource } from '../rule.js';
import { splitFieldPath, visitPath, type Visit } from './field-path.js';

/** Visits the values a field has in one record (`scope` is the part being examined, see scopes). */
export type FieldVisitor = (record: unknown, scope: unknown, visit: Visit) => boolean;

export interface MappedField {
  readonly visit: FieldVisitor;
  /** Why a rule value cannot be translated faithfully through this mapping, if it cannot. */
  readonly checkValue?: (value: string) => Bilingual | undefined;
}

export interface SourceMapping {
  readonly source: AuditSource;
  readonly label: Bilingual;
  /** The parts of a record a rule is evaluated against one at a time; by default the whole record. */
  readonly scopes?: (record: object) => readonly unknown[];
  /** What the logsource itself says about a record (which Workspace application it is from). */
  readonly implied?: (record: object) => boolean;
  /** A top-level field most rules compare with plain values, offered to engines as an index. */
  readonly indexField?: string;
  field(name: string): MappedField | { readonly unmapped: Bilingual };
}

export interface Logsource {
  readonly product?: string;
  readonly service?: string;
  readonly category?: string;
}

export const fromRecord = (path: string): FieldVisitor => {
  const steps = splitFieldPath(path)!;
  return (record, _scope, visit) => visitPath(record, steps, visit);
};
export const fromScope = (path: string): FieldVisitor => {
  const steps = splitFieldPath(path)!;
  return (_record, scope, visit) => visitPath(scope, steps, visit);
};
