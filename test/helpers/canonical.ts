import { checkOrderIdentities } from '../../src/core/canonical/identities';
import type { CanonicalOrder } from '../../src/core/canonical/types';
import { canonicalOrderViolations } from '../../src/core/canonical/validate';

/** Fails with the schema violations listed when the document is not a valid canonical order. */
export function expectValidCanonicalOrder(document: unknown): asserts document is CanonicalOrder {
  const violations = canonicalOrderViolations(document);
  expect(violations).toEqual([]);
}

export { checkOrderIdentities };
