import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/channel_hub_bench';
export const BENCH_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A fresh, migrated benchmark database (its own URL for a bench that must not share one). */
export async function freshDatabase(databaseUrl = BENCH_DATABASE_URL, poolSize = 4): Promise<DataSource> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: url.toString(), extra: { max: 1 } });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.destroy();
  const ds = createDataSource(databaseUrl, { poolSize });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  return ds;
}

export interface HubProcesses {
  baseUrl: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The hub as it runs in production: an API process and a worker process, started through the CLI. */
export async function startHubProcesses(extraEnv: Record<string, string> = {}): Promise<HubProcesses> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    HUB_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    HUB_ENCRYPTION_KEY: `bench:${BENCH_ENCRYPTION_KEY}`,
    HUB_ALLOWED_STORE_HOSTS: '127.0.0.1,localhost',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const cli = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
  const start = (role: string): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', cli, 'start', '--role', role], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const children = [start('api'), start('worker')];
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const ready = await fetch(`${baseUrl}/ready`);
      if (ready.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    env,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
            }),
        ),
      );
    },
  };
}
