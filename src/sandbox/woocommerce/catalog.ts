import { formatMinor, parseMinor } from '../common/money';
import { formatGmtNoZone, formatLocalNoZone } from '../common/time';
import type { Catalog, CatalogProduct, CatalogVariant } from '../seed/catalog';
import { convertFromUsd, type CurrencyInfo } from '../seed/geo';
import { invalidParam, WooError, type WooLinks } from './types';

export interface WooVariationState {
  id: number;
  parentId: number;
  variant: CatalogVariant;
  sku: string;
  regularPrice: number;
  salePrice: number | null;
  /** `"parent"`: the variation sells from its product's stock. */
  manageStock: boolean | 'parent';
  stock: number | null;
  createdAt: number;
  modifiedAt: number;
}

export interface WooProductState {
  id: number;
  product: CatalogProduct;
  name: string;
  sku: string;
  regularPrice: number;
  salePrice: number | null;
  manageStock: boolean;
  stock: number | null;
  totalSales: number;
  createdAt: number;
  modifiedAt: number;
  variations: WooVariationState[];
}

/** A product or variation as wc/v3 prints it (the fields integrations read are typed; the rest ride along). */
export interface WooProductJson {
  id: number;
  name: string;
  type: string;
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: 'instock' | 'outofstock' | 'onbackorder';
  date_modified_gmt: string;
  parent_id: number;
  variations?: number[];
  _links: WooLinks;
  [field: string]: unknown;
}

export interface StockChange {
  manage_stock?: unknown;
  stock_quantity?: unknown;
  regular_price?: unknown;
  sale_price?: unknown;
  name?: unknown;
  sku?: unknown;
}

const FIRST_PRODUCT_ID = 10;

export class WooCatalog {
  readonly products: WooProductState[] = [];
  private readonly byId = new Map<number, WooProductState | WooVariationState>();
  private readonly byVariant = new Map<number, { productId: number; variationId: number }>();
  nextId: number;

  constructor(
    catalog: Catalog,
    private readonly currency: CurrencyInfo,
    private readonly timeZone: string,
    private readonly home: () => string,
    createdAt: number,
  ) {
    let id = FIRST_PRODUCT_ID;
    for (const product of catalog.products) {
      const first = product.variants[0];
      const state: WooProductState = {
        id: id++,
        product,
        name: product.title,
        sku: product.simple ? (first?.sku ?? '') : (first?.sku.split('-').slice(0, 3).join('-') ?? ''),
        regularPrice: convertFromUsd(first?.priceUsd ?? 0, currency),
        salePrice: first?.compareAtUsd ? convertFromUsd(first.priceUsd, currency) : null,
        manageStock: product.simple ? !product.virtual : product.parentStock !== null,
        stock: product.simple ? (product.virtual ? null : (first?.stock ?? 0)) : product.parentStock,
        totalSales: 0,
        createdAt,
        modifiedAt: createdAt,
        variations: [],
      };
      if (product.simple && first?.compareAtUsd)
        state.regularPrice = convertFromUsd(first.compareAtUsd, currency);
      this.products.push(state);
      this.byId.set(state.id, state);
      if (product.simple && first) this.byVariant.set(first.index, { productId: state.id, variationId: 0 });
      if (!product.simple) {
        product.variants.forEach((variant, i) => {
          const parentManaged = product.parentStock !== null && i === product.variants.length - 1;
          const v: WooVariationState = {
            id: id++,
            parentId: state.id,
            variant,
            sku: variant.sku,
            regularPrice: convertFromUsd(variant.priceUsd, currency),
            salePrice: null,
            manageStock: parentManaged ? 'parent' : true,
            stock: parentManaged ? null : variant.stock,
            createdAt,
            modifiedAt: createdAt,
          };
          state.variations.push(v);
          this.byId.set(v.id, v);
          this.byVariant.set(variant.index, { productId: state.id, variationId: v.id });
        });
      }
    }
    this.nextId = id;
  }

  /** WooCommerce ids of a catalog variant (variation_id 0 for simple products). */
  idsOf(variantIndex: number | null): { productId: number; variationId: number } {
    if (variantIndex === null) return { productId: 0, variationId: 0 };
    return this.byVariant.get(variantIndex) ?? { productId: 0, variationId: 0 };
  }

  product(id: number): WooProductState | undefined {
    const p = this.byId.get(id);
    return p && 'product' in p ? p : undefined;
  }

  variation(productId: number, id: number): WooVariationState | undefined {
    const v = this.byId.get(id);
    return v && 'variant' in v && v.parentId === productId ? v : undefined;
  }

  /** Any product or variation by id (order line items name either). */
  find(id: number): WooProductState | WooVariationState | undefined {
    return this.byId.get(id);
  }

  /** Reduces stock for sold quantities; returns ids of products/variations whose stock changed. */
  reduceStock(sold: { productId: number; variationId: number; quantity: number }[], now: number): number[] {
    const touched = new Set<number>();
    for (const s of sold) {
      const v = s.variationId ? this.variation(s.productId, s.variationId) : undefined;
      const p = this.product(s.productId);
      if (v && v.manageStock === true && v.stock !== null) {
        v.stock -= s.quantity;
        v.modifiedAt = now;
        touched.add(v.id);
      } else if (p && p.manageStock && p.stock !== null) {
        p.stock -= s.quantity;
        p.modifiedAt = now;
        touched.add(p.id);
        if (v) touched.add(v.id);
      }
      if (p) p.totalSales += s.quantity;
    }
    return [...touched];
  }

  applyChange(target: WooProductState | WooVariationState, change: StockChange, now: number): void {
    const digits = this.currency.digits;
    const price = (value: unknown, field: string): number | null => {
      if (value === '' || value === null) return null;
      const minor = typeof value === 'string' || typeof value === 'number' ? parseMinor(value, digits) : null;
      if (minor === null || minor < 0)
        throw invalidParam(field, 'rest_invalid_type', `${field} is not of type string.`);
      return minor;
    };
    if (change.manage_stock !== undefined) {
      if (typeof change.manage_stock !== 'boolean' && change.manage_stock !== 'parent')
        throw invalidParam('manage_stock', 'rest_invalid_type', 'manage_stock is not of type boolean.');
      if ('variant' in target) target.manageStock = change.manage_stock;
      else target.manageStock = change.manage_stock === true;
      if (target.manageStock === true && target.stock === null) target.stock = 0;
    }
    if (change.stock_quantity !== undefined && change.stock_quantity !== null) {
      const q = Number(change.stock_quantity);
      if (!Number.isFinite(q))
        throw invalidParam('stock_quantity', 'rest_invalid_type', 'stock_quantity is not of type integer.');
      if ('variant' in target && target.manageStock === 'parent') {
        const parent = this.product(target.parentId);
        if (parent) {
          parent.stock = q;
          parent.modifiedAt = now;
        }
      } else {
        target.stock = q;
        if (change.manage_stock === undefined) target.manageStock = true;
      }
    }
    if (change.regular_price !== undefined)
      target.regularPrice = price(change.regular_price, 'regular_price') ?? 0;
    if (change.sale_price !== undefined) target.salePrice = price(change.sale_price, 'sale_price');
    if (typeof change.sku === 'string') target.sku = change.sku;
    if (typeof change.name === 'string' && 'product' in target) target.name = change.name;
    target.modifiedAt = now;
  }

  private stockOf(target: WooProductState | WooVariationState): {
    manage: boolean | 'parent';
    qty: number | null;
  } {
    if ('variant' in target && target.manageStock === 'parent')
      return { manage: 'parent', qty: this.product(target.parentId)?.stock ?? null };
    return { manage: target.manageStock, qty: target.manageStock ? target.stock : null };
  }

  private money(minor: number | null): string {
    return minor === null ? '' : formatMinor(minor, this.currency.digits);
  }

  private priceHtml(minor: number): string {
    const symbol = this.currency.code === 'USD' ? '&#36;' : this.currency.symbol;
    return `<span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol" translate="no">${symbol}</span>${this.money(minor)}</bdi></span>`;
  }

  private common(target: WooProductState | WooVariationState) {
    const { manage, qty } = this.stockOf(target);
    const active = target.salePrice ?? target.regularPrice;
    const status: 'instock' | 'outofstock' =
      manage !== false && qty !== null && qty <= 0 ? 'outofstock' : 'instock';
    return { manage, qty, active, status };
  }

  productJson(p: WooProductState): WooProductJson {
    const home = this.home();
    const { manage, qty, active, status } = this.common(p);
    const prices = p.variations.map((v) => v.salePrice ?? v.regularPrice);
    const low = p.product.simple ? active : Math.min(...prices);
    return {
      id: p.id,
      name: p.name,
      slug: p.product.handle,
      permalink: `${home}/product/${p.product.handle}/`,
      date_created: formatLocalNoZone(p.createdAt, this.timeZone),
      date_created_gmt: formatGmtNoZone(p.createdAt),
      date_modified: formatLocalNoZone(p.modifiedAt, this.timeZone),
      date_modified_gmt: formatGmtNoZone(p.modifiedAt),
      type: p.product.simple ? 'simple' : 'variable',
      status: 'publish',
      featured: false,
      catalog_visibility: 'visible',
      description: '',
      short_description: '',
      sku: p.sku,
      price: this.money(low),
      regular_price: p.product.simple ? this.money(p.regularPrice) : '',
      sale_price: p.product.simple ? this.money(p.salePrice) : '',
      date_on_sale_from: null,
      date_on_sale_from_gmt: null,
      date_on_sale_to: null,
      date_on_sale_to_gmt: null,
      on_sale: p.salePrice !== null,
      purchasable: true,
      total_sales: p.totalSales,
      virtual: p.product.virtual,
      downloadable: false,
      downloads: [],
      download_limit: -1,
      download_expiry: -1,
      external_url: '',
      button_text: '',
      tax_status: p.product.taxClass === 'none' ? 'none' : 'taxable',
      tax_class: p.product.taxClass === 'reduced' ? 'reduced-rate' : '',
      manage_stock: manage,
      stock_quantity: qty,
      backorders: 'no',
      backorders_allowed: false,
      backordered: false,
      low_stock_amount: null,
      sold_individually: false,
      weight: '',
      dimensions: { length: '', width: '', height: '' },
      shipping_required: !p.product.virtual,
      shipping_taxable: !p.product.virtual,
      shipping_class: '',
      shipping_class_id: 0,
      reviews_allowed: true,
      average_rating: '0.00',
      rating_count: 0,
      upsell_ids: [],
      cross_sell_ids: [],
      parent_id: 0,
      purchase_note: '',
      categories: [
        {
          id: 15,
          name: p.product.productType,
          slug: p.product.productType.toLowerCase().replace(/\W+/g, '-'),
        },
      ],
      brands: [],
      tags: p.product.tags.map((t, i) => ({ id: 30 + i, name: t, slug: t })),
      images: [],
      attributes: p.product.simple
        ? []
        : p.product.optionNames.map((name, position) => ({
            id: 0,
            name,
            slug: name,
            position,
            visible: true,
            variation: true,
            options: [...new Set(p.product.variants.map((v) => v.options[position] ?? ''))],
          })),
      default_attributes: [],
      variations: p.variations.map((v) => v.id),
      grouped_products: [],
      menu_order: 0,
      price_html: this.priceHtml(low),
      related_ids: [],
      meta_data: [],
      stock_status: status,
      has_options: !p.product.simple,
      post_password: '',
      global_unique_id: '',
      _links: {
        self: [
          {
            href: `${home}/wp-json/wc/v3/products/${p.id}`,
            targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          },
        ],
        collection: [{ href: `${home}/wp-json/wc/v3/products` }],
      },
    };
  }

  variationJson(v: WooVariationState): WooProductJson {
    const home = this.home();
    const parent = this.product(v.parentId);
    const { manage, qty, active, status } = this.common(v);
    return {
      id: v.id,
      type: 'variation',
      date_created: formatLocalNoZone(v.createdAt, this.timeZone),
      date_created_gmt: formatGmtNoZone(v.createdAt),
      date_modified: formatLocalNoZone(v.modifiedAt, this.timeZone),
      date_modified_gmt: formatGmtNoZone(v.modifiedAt),
      description: '',
      permalink: `${home}/product/${parent?.product.handle ?? ''}/?${(parent?.product.optionNames ?? []).map((n, i) => `attribute_${n.toLowerCase()}=${encodeURIComponent(v.variant.options[i] ?? '')}`).join('&')}`,
      sku: v.sku,
      global_unique_id: '',
      price: this.money(active),
      regular_price: this.money(v.regularPrice),
      sale_price: this.money(v.salePrice),
      on_sale: v.salePrice !== null,
      status: 'publish',
      purchasable: true,
      virtual: false,
      downloadable: false,
      tax_status: 'taxable',
      tax_class: parent?.product.taxClass === 'reduced' ? 'reduced-rate' : '',
      manage_stock: manage,
      stock_quantity: qty,
      stock_status: status,
      backorders: 'no',
      backorders_allowed: false,
      backordered: false,
      low_stock_amount: null,
      image: null,
      attributes: (parent?.product.optionNames ?? []).map((name, i) => ({
        id: 0,
        name,
        slug: name.toLowerCase(),
        option: v.variant.options[i] ?? '',
      })),
      menu_order: 0,
      meta_data: [],
      name: v.variant.title.replace(/ \/ /g, ', '),
      parent_id: v.parentId,
      _links: {
        self: [
          {
            href: `${home}/wp-json/wc/v3/products/${v.parentId}/variations/${v.id}`,
            targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          },
        ],
        collection: [{ href: `${home}/wp-json/wc/v3/products/${v.parentId}/variations` }],
        up: [{ href: `${home}/wp-json/wc/v3/products/${v.parentId}` }],
      },
    };
  }

  /** Throws the REST 404 WooCommerce gives for an unknown product. */
  requireProduct(id: number): WooProductState {
    const p = this.product(id);
    if (!p) throw new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    return p;
  }

  requireVariation(productId: number, id: number): WooVariationState {
    const v = this.variation(productId, id);
    if (!v) throw new WooError(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
    return v;
  }
}
