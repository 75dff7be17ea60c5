import { isJsonObject, type JsonObject, type JsonValue } from '../../../core/json';

/** Reading the `data` of an Admin API answer. */

export function objectAt(value: JsonValue | undefined): JsonObject | null {
  return value !== undefined && isJsonObject(value) ? value : null;
}

export function objectsAt(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

export function textAt(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A mutation's `userErrors` (or `orderCancelUserErrors`, …), `field` as a dotted path. */
export interface UserError {
  field: string | null;
  message: string;
  code: string | null;
}

export function userErrorsAt(payload: JsonObject | null, key = 'userErrors'): UserError[] {
  return objectsAt(payload?.[key]).map((error) => ({
    field: Array.isArray(error.field) ? error.field.join('.') : null,
    message: typeof error.message === 'string' ? error.message : 'refused',
    code: typeof error.code === 'string' ? error.code : null,
  }));
}

/** `userErrors` as one readable line. */
export function userErrorsMessage(errors: readonly UserError[]): string {
  return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
}
