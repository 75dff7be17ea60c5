/**
 * The order index both stores share: slots in id order (ids grow with creation time) plus a second
 * index sorted by (modifiedAt, id). Lookups, windows and cursors are binary searches, O(log n).
 */
export interface IndexedSlot {
  id: number;
  createdAt: number;
  modifiedAt: number;
  /** Permanently deleted: kept so ids stay ordered, but invisible everywhere. */
  removed: boolean;
}

function compareModified(a: IndexedSlot, b: IndexedSlot): number {
  return a.modifiedAt - b.modifiedAt || a.id - b.id;
}

export class OrderTable<S extends IndexedSlot> {
  private slots: S[] = [];
  private byModified: S[] = [];
  private live = 0;

  load(slots: S[]): void {
    this.slots = slots;
    this.byModified = slots.filter((s) => !s.removed).sort(compareModified);
    this.live = this.byModified.length;
  }

  get size(): number {
    return this.live;
  }

  /** Slots in id order, removed ones included (callers skip `removed`). */
  all(): readonly S[] {
    return this.slots;
  }

  /** Slots in (modifiedAt, id) order, removed ones excluded. */
  modifiedOrder(): readonly S[] {
    return this.byModified;
  }

  get nextIndex(): number {
    return this.slots.length;
  }

  lastId(): number {
    return this.slots[this.slots.length - 1]?.id ?? 0;
  }

  add(slot: S): void {
    if (slot.id <= this.lastId()) throw new RangeError(`order id ${slot.id} is not above ${this.lastId()}`);
    this.slots.push(slot);
    this.byModified.splice(this.modifiedPosition(slot.modifiedAt, slot.id), 0, slot);
    this.live += 1;
  }

  findById(id: number): S | undefined {
    let lo = 0;
    let hi = this.slots.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const slot = this.slots[mid] as S;
      if (slot.id === id) return slot.removed ? undefined : slot;
      if (slot.id < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Moves a slot to its new modification time. */
  touch(slot: S, modifiedAt: number): void {
    if (slot.removed) return;
    const at = this.indexInModified(slot);
    if (at >= 0) this.byModified.splice(at, 1);
    slot.modifiedAt = modifiedAt;
    this.byModified.splice(this.modifiedPosition(slot.modifiedAt, slot.id), 0, slot);
  }

  remove(slot: S): void {
    if (slot.removed) return;
    const at = this.indexInModified(slot);
    if (at >= 0) this.byModified.splice(at, 1);
    slot.removed = true;
    this.live -= 1;
  }

  /** First position in the modified index whose key is greater than or equal to (modifiedAt, id). */
  modifiedPosition(modifiedAt: number, id: number): number {
    let lo = 0;
    let hi = this.byModified.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.byModified[mid] as S;
      if (s.modifiedAt < modifiedAt || (s.modifiedAt === modifiedAt && s.id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [lo, hi) of the modified index with after < modifiedAt < before (either bound optional, exclusive). */
  modifiedWindow(after?: number, before?: number): [number, number] {
    const lo = after === undefined ? 0 : this.modifiedPosition(after + 1, Number.MIN_SAFE_INTEGER);
    const hi =
      before === undefined ? this.byModified.length : this.modifiedPosition(before, Number.MIN_SAFE_INTEGER);
    return [lo, Math.max(lo, hi)];
  }

  /** First position in id order whose id is greater than or equal to `id`. */
  idPosition(id: number): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.slots[mid] as S).id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position in id order created at or after `createdAt` (creation times grow with ids). */
  createdPosition(createdAt: number): number {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.slots[mid] as S).createdAt < createdAt) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexInModified(slot: S): number {
    const at = this.modifiedPosition(slot.modifiedAt, slot.id);
    return this.byModified[at] === slot ? at : this.byModified.indexOf(slot);
  }
}
