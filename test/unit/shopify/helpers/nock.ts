import vm from 'node:vm';
import type Nock from 'nock';

/**
 * nock 15 is an ES module only, which Jest (without --experimental-vm-modules) cannot require():
 * it is loaded with the real process's require() instead. It intercepts `fetch` by replacing the
 * real global's `fetch`; Jest's sandbox holds its own reference, copied before nock was loaded, so
 * the sandbox is pointed at the intercepted one. The connector calls the global `fetch` at call time.
 */
const realGlobal = vm.runInThisContext('globalThis') as typeof globalThis;
const nodeRequire = realGlobal.process.getBuiltinModule('node:module').createRequire(__filename);

export const nock = (nodeRequire('nock') as { default: typeof Nock }).default;

globalThis.fetch = realGlobal.fetch;
