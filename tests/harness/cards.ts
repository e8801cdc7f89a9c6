/**
 * Checks a card as Teams would take it: against the official Adaptive Cards 1.5 schema (ajv;
 * Teams' own top-level `msteams` property set aside) and parsed by the adaptivecards package.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import * as AC from 'adaptivecards';

let validate: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validate) return validate;
  const raw = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'adaptive-card-1.5.json'), 'utf8')) as {
    id?: string;
    $id?: string;
  };
  const { id, ...rest } = raw;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(draft06);
  validate = ajv.compile({ ...rest, $id: id });
  return validate;
}

/** Problems found in a card; empty when Teams would render it as intended. */
export function cardProblems(card: Record<string, unknown>): string[] {
  const { msteams: _msteams, ...withoutTeams } = card;
  const problems: string[] = [];
  const v = schemaValidator();
  if (!v(withoutTeams)) {
    problems.push(...(v.errors ?? []).map((e) => `schema: ${e.instancePath} ${e.message}`));
  }
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(withoutTeams, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message}`);
  }
  const validation = parsed.validateProperties();
  problems.push(...validation.validationEvents.map((e) => `validate: ${e.message}`));
  // Teams refuses a message over 100 KB; a card keeps a fifth of that free for the envelope.
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > 80 * 1024) problems.push(`size: card is ${bytes} bytes, over 80 KB`);
  return problems;
}

/** The visible text of a card: every TextBlock, fact, input label and action title. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label', 'placeholder']) if (typeof o[k] === 'string') out.push(o[k]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
