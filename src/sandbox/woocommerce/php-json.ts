/**
 * JSON as PHP's `json_encode` writes it with default flags (what `wp_json_encode` sends):
 * compact, `/` escaped as `\/`, every non-ASCII character as `\uXXXX` (UTF-16 units).
 */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
