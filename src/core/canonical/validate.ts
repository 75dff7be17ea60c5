import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import schema from './canonical-order.schema.json';
import type { CanonicalOrder } from './types';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateFn = ajv.compile<CanonicalOrder>(schema);

export interface SchemaViolation {
  path: string;
  message: string;
}

export class CanonicalOrderInvalidError extends Error {
  constructor(readonly violations: SchemaViolation[]) {
    super(
      `canonical order violates the schema: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`,
    );
    this.name = 'CanonicalOrderInvalidError';
  }
}

function toViolation(error: ErrorObject): SchemaViolation {
  return { path: error.instancePath || '/', message: error.message ?? error.keyword };
}

/** Checks a document against canonical-order.schema.json; returns the violations (empty when valid). */
export function canonicalOrderViolations(document: unknown): SchemaViolation[] {
  if (validateFn(document)) return [];
  return (validateFn.errors ?? []).map(toViolation);
}

export function assertCanonicalOrder(document: unknown): asserts document is CanonicalOrder {
  const violations = canonicalOrderViolations(document);
  if (violations.length > 0) throw new CanonicalOrderInvalidError(violations);
}
