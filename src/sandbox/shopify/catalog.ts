import type { Catalog, CatalogProduct, CatalogVariant } from '../seed/catalog';
import { convertFromUsd, type CurrencyInfo } from '../seed/geo';
import { IDS } from './ids';

export const QUANTITY_NAMES = [
  'available',
  'incoming',
  'committed',
  'damaged',
  'on_hand',
  'quality_control',
  'reserved',
  'safety_stock',
] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface ShopifyLocation {
  index: number;
  id: number;
  name: string;
  address1: string;
  city: string;
  zip: string;
  countryCode: string;
  provinceCode: string;
  active: boolean;
  fulfillsOnlineOrders: boolean;
}

export interface InventoryLevelState {
  variantIndex: number;
  location: number;
  quantities: Record<QuantityName, number>;
  createdAt: number;
  updatedAt: number;
}

/** Products, variants, inventory items and levels of the Shopify sandbox. */
export class ShopifyCatalog {
  readonly locations: ShopifyLocation[];
  private readonly levels = new Map<string, InventoryLevelState>();

  constructor(
    readonly catalog: Catalog,
    readonly currency: CurrencyInfo,
    homeCountry: string,
    readonly createdAt: number,
  ) {
    this.locations = [
      {
        index: 0,
        id: IDS.location,
        name: 'Shop location',
        address1: '1 Loopback Way',
        city: 'San Francisco',
        zip: '94105',
        countryCode: homeCountry,
        provinceCode: 'CA',
        active: true,
        fulfillsOnlineOrders: true,
      },
      {
        index: 1,
        id: IDS.location + 1,
        name: 'Warehouse East',
        address1: '200 Dock Street',
        city: 'Newark',
        zip: '07102',
        countryCode: homeCountry,
        provinceCode: 'NJ',
        active: true,
        fulfillsOnlineOrders: true,
      },
      {
        index: 2,
        id: IDS.location + 2,
        name: 'Pop-up Store',
        address1: '5 Market Square',
        city: 'Austin',
        zip: '78701',
        countryCode: homeCountry,
        provinceCode: 'TX',
        active: true,
        fulfillsOnlineOrders: false,
      },
    ];
    for (const v of catalog.variants) {
      const product = catalog.products[v.productIndex];
      if (!product || product.virtual) continue;
      const home = product.homeLocation;
      const split = home === 0 ? [Math.ceil(v.stock * 0.7), Math.floor(v.stock * 0.3)] : [0, v.stock];
      split.forEach((available, location) => {
        const committed = available > 4 ? (v.index + location) % 3 : 0;
        this.levels.set(`${v.index}:${location}`, {
          variantIndex: v.index,
          location,
          quantities: {
            available,
            incoming: 0,
            committed,
            damaged: 0,
            on_hand: available + committed,
            quality_control: 0,
            reserved: 0,
            safety_stock: 0,
          },
          createdAt,
          updatedAt: createdAt,
        });
      });
    }
  }

  product(index: number): CatalogProduct | undefined {
    return this.catalog.products[index];
  }

  variant(index: number): CatalogVariant | undefined {
    return this.catalog.variants[index];
  }

  productId(index: number): number {
    return IDS.product + index;
  }

  variantId(index: number): number {
    return IDS.variant + index;
  }

  inventoryItemId(variantIndex: number): number {
    return IDS.inventoryItem + variantIndex;
  }

  variantByItemId(id: number): CatalogVariant | undefined {
    return this.catalog.variants[id - IDS.inventoryItem];
  }

  variantById(id: number): CatalogVariant | undefined {
    return this.catalog.variants[id - IDS.variant];
  }

  productById(id: number): CatalogProduct | undefined {
    return this.catalog.products[id - IDS.product];
  }

  location(id: number): ShopifyLocation | undefined {
    return this.locations.find((l) => l.id === id);
  }

  price(v: CatalogVariant): number {
    return convertFromUsd(v.priceUsd, this.currency);
  }

  tracked(v: CatalogVariant): boolean {
    return !this.catalog.products[v.productIndex]?.virtual;
  }

  level(variantIndex: number, location: number): InventoryLevelState | undefined {
    return this.levels.get(`${variantIndex}:${location}`);
  }

  levelsOfItem(variantIndex: number): InventoryLevelState[] {
    return this.locations
      .map((l) => this.level(variantIndex, l.index))
      .filter((x): x is InventoryLevelState => x !== undefined);
  }

  levelsAt(location: number): InventoryLevelState[] {
    return this.catalog.variants
      .map((v) => this.level(v.index, location))
      .filter((x): x is InventoryLevelState => x !== undefined);
  }

  levelId(level: InventoryLevelState): number {
    return IDS.inventoryLevel + level.location * 1_000_000 + level.variantIndex;
  }

  /** Stock all locations together (ProductVariant.inventoryQuantity). */
  available(variantIndex: number): number {
    return this.levelsOfItem(variantIndex).reduce((a, l) => a + l.quantities.available, 0);
  }
}
