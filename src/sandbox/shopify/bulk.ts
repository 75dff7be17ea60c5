import { IDS } from './ids';

export type BulkStatus =
  'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELING' | 'CANCELED' | 'EXPIRED';

export interface BulkOperation {
  id: number;
  query: string;
  status: BulkStatus;
  errorCode: string | null;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
}

export type BulkWork = (
  emit: (line: string) => void,
  cancelled: () => boolean,
) => Promise<{ rootObjectCount: number }>;

/** Bulk query operations: one at a time, run asynchronously, results kept as JSONL text. */
export class BulkOperations {
  private readonly ops = new Map<number, BulkOperation>();
  private readonly files = new Map<number, string>();
  private readonly tasks = new Set<Promise<void>>();
  private seq = 0;
  private latest: BulkOperation | null = null;

  /** Bulk runs take at least this long (real ones take seconds), so clients really poll. */
  minDurationMs = 300;

  constructor(private readonly urlFor: (id: number) => string) {}

  get(id: number): BulkOperation | undefined {
    return this.ops.get(id);
  }

  current(): BulkOperation | null {
    return this.latest;
  }

  inProgress(): BulkOperation | null {
    return (
      [...this.ops.values()].find(
        (o) => o.status === 'CREATED' || o.status === 'RUNNING' || o.status === 'CANCELING',
      ) ?? null
    );
  }

  file(id: number): string | undefined {
    return this.files.get(id);
  }

  start(query: string, work: BulkWork, onFinish: (op: BulkOperation) => void): BulkOperation {
    const op: BulkOperation = {
      id: IDS.bulk + this.seq++,
      query,
      status: 'CREATED',
      errorCode: null,
      createdAt: Math.floor(Date.now() / 1000) * 1000,
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
    };
    this.ops.set(op.id, op);
    this.latest = op;
    const task = this.run(op, work).finally(() => {
      this.tasks.delete(task);
      onFinish(op);
    });
    this.tasks.add(task);
    return op;
  }

  cancel(id: number): BulkOperation | undefined {
    const op = this.ops.get(id);
    if (op && (op.status === 'CREATED' || op.status === 'RUNNING')) op.status = 'CANCELING';
    return op;
  }

  private async run(op: BulkOperation, work: BulkWork): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (op.status === 'CANCELING') {
      op.status = 'CANCELED';
      return;
    }
    op.status = 'RUNNING';
    const started = Date.now();
    const lines: string[] = [];
    try {
      const { rootObjectCount } = await work(
        (line) => {
          lines.push(line);
          op.objectCount = lines.length;
        },
        () => op.status === 'CANCELING',
      );
      const wait = this.minDurationMs - (Date.now() - started);
      if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
      if ((op.status as BulkStatus) === 'CANCELING') {
        op.status = 'CANCELED';
        op.completedAt = Date.now();
        return;
      }
      const text = lines.length ? `${lines.join('\n')}\n` : '';
      this.files.set(op.id, text);
      op.rootObjectCount = rootObjectCount;
      op.fileSize = text.length ? Buffer.byteLength(text) : null;
      op.url = text.length ? this.urlFor(op.id) : null;
      op.status = 'COMPLETED';
    } catch (err) {
      console.error('sandbox bulk operation failed', err);
      op.status = 'FAILED';
      op.errorCode = 'INTERNAL_SERVER_ERROR';
    }
    op.completedAt = Math.floor(Date.now() / 1000) * 1000;
  }

  /** Resolves when no bulk operation is running. */
  async flush(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }
}
