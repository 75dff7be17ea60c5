import vm from 'node:vm';
import type Nock from 'nock';

/**
 * nock 15 is an ES module only, and Jest (without --experimental-vm-modules) cannot require() ES
 * modules, its `node:module` and `process.getBuiltinModule` included. Node 24's own require() can:
 * nock is loaded through the real process, outside Jest's module registry. It patches the one
 * shared `node:http` core module, which the connector's axios uses inside Jest too.
 */
const realProcess = vm.runInThisContext('process') as NodeJS.Process;
const nodeRequire = realProcess.getBuiltinModule('node:module').createRequire(__filename);

export const nock = (nodeRequire('nock') as { default: typeof Nock }).default;
