import { formatUtcZ } from '../../common/time';
import { QUANTITY_NAMES, type InventoryLevelState } from '../catalog';
import { gid } from '../ids';
import { page, type Args } from './args';
import { listConnection } from './connection';
import type { GqlContext } from './context';
import { moneyV2 } from './money';

export class LocationView {
  readonly __typename = 'Location';
  constructor(
    readonly ctx: GqlContext,
    readonly index: number,
  ) {}
  private get loc() {
    const l = this.ctx.store.catalog.locations[this.index];
    if (!l) throw new RangeError('location');
    return l;
  }
  id() {
    return gid('Location', this.loc.id);
  }
  legacyResourceId() {
    return String(this.loc.id);
  }
  name() {
    return this.loc.name;
  }
  isActive() {
    return this.loc.active;
  }
  fulfillsOnlineOrders() {
    return this.loc.fulfillsOnlineOrders;
  }
  shipsInventory() {
    return this.loc.fulfillsOnlineOrders;
  }
  hasActiveInventory() {
    return true;
  }
  isFulfillmentService() {
    return false;
  }
  createdAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  updatedAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  address() {
    const l = this.loc;
    return {
      address1: l.address1,
      address2: null,
      city: l.city,
      zip: l.zip,
      country: l.countryCode === 'US' ? 'United States' : l.countryCode,
      countryCode: l.countryCode,
      province: l.provinceCode,
      provinceCode: l.provinceCode,
      phone: null,
      latitude: null,
      longitude: null,
      formatted: [l.address1, `${l.city} ${l.provinceCode} ${l.zip}`, l.countryCode],
    };
  }
  inventoryLevels(args: Args) {
    return listConnection(
      this.ctx.store.catalog.levelsAt(this.index),
      page(args),
      this.ctx,
      (lv) => this.ctx.store.catalog.levelId(lv),
      (lv) => new InventoryLevelView(this.ctx, lv),
    );
  }
  inventoryLevel(args: Args) {
    const v =
      typeof args.inventoryItemId === 'string'
        ? this.ctx.store.catalog.variantByItemId(Number(args.inventoryItemId.split('/').pop()))
        : undefined;
    const lv = v ? this.ctx.store.catalog.level(v.index, this.index) : undefined;
    return lv ? new InventoryLevelView(this.ctx, lv) : null;
  }
}

export class InventoryLevelView {
  readonly __typename = 'InventoryLevel';
  constructor(
    readonly ctx: GqlContext,
    readonly level: InventoryLevelState,
  ) {}
  id() {
    return gid(
      'InventoryLevel',
      `${this.ctx.store.catalog.levelId(this.level)}?inventory_item_id=${this.ctx.store.catalog.inventoryItemId(this.level.variantIndex)}`,
    );
  }
  quantities(args: Args) {
    const names = Array.isArray(args.names)
      ? args.names.filter((n): n is string => typeof n === 'string')
      : [...QUANTITY_NAMES];
    return names.map((name) => ({
      id: gid(
        'InventoryQuantity',
        `${this.ctx.store.catalog.levelId(this.level)}?inventory_item_id=${this.ctx.store.catalog.inventoryItemId(this.level.variantIndex)}&name=${name}`,
      ),
      name,
      quantity: (this.level.quantities as Record<string, number>)[name] ?? 0,
      updatedAt: formatUtcZ(this.level.updatedAt),
    }));
  }
  item() {
    return new InventoryItemView(this.ctx, this.level.variantIndex);
  }
  location() {
    return new LocationView(this.ctx, this.level.location);
  }
  canDeactivate() {
    return true;
  }
  createdAt() {
    return formatUtcZ(this.level.createdAt);
  }
  updatedAt() {
    return formatUtcZ(this.level.updatedAt);
  }
}

export class InventoryItemView {
  readonly __typename = 'InventoryItem';
  constructor(
    readonly ctx: GqlContext,
    readonly variantIndex: number,
  ) {}
  private get v() {
    const v = this.ctx.store.catalog.variant(this.variantIndex);
    if (!v) throw new RangeError('variant');
    return v;
  }
  id() {
    return gid('InventoryItem', this.ctx.store.catalog.inventoryItemId(this.variantIndex));
  }
  legacyResourceId() {
    return String(this.ctx.store.catalog.inventoryItemId(this.variantIndex));
  }
  sku() {
    return this.v.sku;
  }
  tracked() {
    return this.ctx.store.catalog.tracked(this.v);
  }
  requiresShipping() {
    return this.ctx.store.catalog.tracked(this.v);
  }
  createdAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  updatedAt() {
    const levels = this.ctx.store.catalog.levelsOfItem(this.variantIndex);
    return formatUtcZ(Math.max(this.ctx.store.catalog.createdAt, ...levels.map((l) => l.updatedAt)));
  }
  unitCost() {
    return moneyV2(Math.round(this.ctx.store.catalog.price(this.v) * 0.4), this.ctx.store.currency.code);
  }
  variant() {
    return new VariantView(this.ctx, this.variantIndex);
  }
  inventoryLevels(args: Args) {
    return listConnection(
      this.ctx.store.catalog.levelsOfItem(this.variantIndex),
      page(args),
      this.ctx,
      (lv) => this.ctx.store.catalog.levelId(lv),
      (lv) => new InventoryLevelView(this.ctx, lv),
    );
  }
  inventoryLevel(args: Args) {
    const id = typeof args.locationId === 'string' ? Number(args.locationId.split('/').pop()) : NaN;
    const loc = this.ctx.store.catalog.location(id);
    const lv = loc ? this.ctx.store.catalog.level(this.variantIndex, loc.index) : undefined;
    return lv ? new InventoryLevelView(this.ctx, lv) : null;
  }
  locationsCount() {
    return { count: this.ctx.store.catalog.levelsOfItem(this.variantIndex).length, precision: 'EXACT' };
  }
}

export class VariantView {
  readonly __typename = 'ProductVariant';
  constructor(
    readonly ctx: GqlContext,
    readonly index: number,
  ) {}
  private get v() {
    const v = this.ctx.store.catalog.variant(this.index);
    if (!v) throw new RangeError('variant');
    return v;
  }
  id() {
    return gid('ProductVariant', this.ctx.store.catalog.variantId(this.index));
  }
  legacyResourceId() {
    return String(this.ctx.store.catalog.variantId(this.index));
  }
  title() {
    return this.v.title;
  }
  displayName() {
    const p = this.ctx.store.catalog.product(this.v.productIndex);
    return `${p?.title ?? ''} - ${this.v.title}`;
  }
  sku() {
    return this.v.sku;
  }
  barcode() {
    return null;
  }
  position() {
    return this.v.position;
  }
  price() {
    return moneyV2(this.ctx.store.catalog.price(this.v), this.ctx.store.currency.code).amount;
  }
  compareAtPrice() {
    return null;
  }
  taxable() {
    return this.ctx.store.catalog.product(this.v.productIndex)?.taxClass !== 'none';
  }
  availableForSale() {
    return true;
  }
  inventoryPolicy() {
    return 'DENY';
  }
  inventoryQuantity() {
    return this.ctx.store.catalog.tracked(this.v) ? this.ctx.store.catalog.available(this.index) : 0;
  }
  selectedOptions() {
    const p = this.ctx.store.catalog.product(this.v.productIndex);
    return (p?.optionNames ?? []).map((name, i) => ({ name, value: this.v.options[i] ?? '' }));
  }
  createdAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  updatedAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  inventoryItem() {
    return new InventoryItemView(this.ctx, this.index);
  }
  product() {
    return new ProductView(this.ctx, this.v.productIndex);
  }
}

export class ProductView {
  readonly __typename = 'Product';
  constructor(
    readonly ctx: GqlContext,
    readonly index: number,
  ) {}
  private get p() {
    const p = this.ctx.store.catalog.product(this.index);
    if (!p) throw new RangeError('product');
    return p;
  }
  id() {
    return gid('Product', this.ctx.store.catalog.productId(this.index));
  }
  legacyResourceId() {
    return String(this.ctx.store.catalog.productId(this.index));
  }
  title() {
    return this.p.title;
  }
  handle() {
    return this.p.handle;
  }
  vendor() {
    return this.p.vendor;
  }
  productType() {
    return this.p.productType;
  }
  status() {
    return 'ACTIVE';
  }
  tags() {
    return this.p.tags;
  }
  isGiftCard() {
    return this.p.productType === 'Gift cards';
  }
  hasOnlyDefaultVariant() {
    return this.p.simple;
  }
  tracksInventory() {
    return !this.p.virtual;
  }
  totalInventory() {
    return this.p.variants.reduce((a, v) => a + this.ctx.store.catalog.available(v.index), 0);
  }
  createdAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  updatedAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  publishedAt() {
    return formatUtcZ(this.ctx.store.catalog.createdAt);
  }
  options() {
    return this.p.optionNames.map((name, position) => ({
      id: gid('ProductOption', this.ctx.store.catalog.productId(this.index) * 10 + position),
      name,
      position: position + 1,
      values: [...new Set(this.p.variants.map((v) => v.options[position] ?? ''))],
    }));
  }
  variants(args: Args) {
    return listConnection(
      this.p.variants,
      page(args),
      this.ctx,
      (v) => this.ctx.store.catalog.variantId(v.index),
      (v) => new VariantView(this.ctx, v.index),
    );
  }
  variantsCount() {
    return { count: this.p.variants.length, precision: 'EXACT' };
  }
}
