import { hashSeed, Rng } from '../common/rng';

export type TaxClass = 'standard' | 'reduced' | 'none';

export interface CatalogVariant {
  /** Position in `Catalog.variants` (stable for a seed). */
  index: number;
  productIndex: number;
  /** 1-based position inside its product. */
  position: number;
  /** "M / Black"; "Default Title" for simple products (Shopify's name for the only variant). */
  title: string;
  options: string[];
  sku: string;
  priceUsd: number;
  compareAtUsd: number | null;
  grams: number;
  stock: number;
}

export interface CatalogProduct {
  index: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  taxClass: TaxClass;
  virtual: boolean;
  /** Simple product: one variant titled "Default Title" (a WooCommerce "simple" product). */
  simple: boolean;
  optionNames: string[];
  variants: CatalogVariant[];
  /** Location slot that stocks this product first (0 = primary). */
  homeLocation: number;
  /** WooCommerce: variations with manage_stock "parent" share the product's own stock. */
  parentStock: number | null;
  tags: string[];
}

export interface Catalog {
  products: CatalogProduct[];
  variants: CatalogVariant[];
}

type SimpleSpec = readonly [title: string, type: string, taxClass?: TaxClass, virtual?: boolean];
const SIMPLE: readonly SimpleSpec[] = [
  ['Classic Tee', 'Apparel'],
  ['Coffee Mug', 'Kitchen', 'reduced'],
  ['Notebook A5', 'Stationery'],
  ['E-Gift Card', 'Gift cards', 'none', true],
  ['Café crème — 咖啡 ☕ “Ünïcødé”', 'Grocery', 'reduced'],
  ['Water Bottle', 'Outdoor'],
  ['Tote Bag', 'Accessories'],
  ['Sticker Pack', 'Stationery'],
  ['Desk Lamp', 'Home'],
  ['Wireless Mouse', 'Electronics'],
  ['USB-C Cable', 'Electronics'],
  ['Phone Case', 'Electronics'],
  ['Scented Candle', 'Home'],
  ['Tea Sampler', 'Grocery', 'reduced'],
  ['Dark Chocolate Bar', 'Grocery', 'reduced'],
  ['Book: The Art of Code', 'Books', 'reduced'],
  ['Poster 50×70', 'Home'],
  ['Wool Socks', 'Apparel'],
  ['Beanie', 'Apparel'],
  ['Sunglasses', 'Accessories'],
  ['Backpack', 'Bags'],
  ['Yoga Mat', 'Sports'],
  ['Plant Pot', 'Garden'],
  ['Cutting Board', 'Kitchen'],
  ['Headphones', 'Electronics'],
  ['Mechanical Keyboard', 'Electronics'],
  ['Umbrella', 'Accessories'],
  ['Leather Wallet', 'Accessories'],
  ['Silk Scarf', 'Apparel'],
  ['Winter Gloves', 'Apparel'],
  ['Download: Sandbox Soundtrack', 'Digital', 'standard', true],
  ['Bike Light', 'Sports'],
];

type VariableSpec = readonly [
  title: string,
  type: string,
  options: readonly (readonly [string, readonly string[]])[],
  taxClass?: TaxClass,
];
const VARIABLE: readonly VariableSpec[] = [
  ['Hoodie', 'Apparel', [['Size', ['S', 'M', 'L', 'XL']]]],
  ['Sneakers', 'Footwear', [['Size', ['38', '40', '42', '44']]]],
  [
    'T-Shirt',
    'Apparel',
    [
      ['Size', ['S', 'M', 'L']],
      ['Color', ['Black', 'White']],
    ],
  ],
  [
    'Jeans',
    'Apparel',
    [
      ['Waist', ['30', '32', '34']],
      ['Length', ['30', '32']],
    ],
  ],
  [
    'Summer Dress',
    'Apparel',
    [
      ['Size', ['XS', 'S', 'M']],
      ['Color', ['Red', 'Navy']],
    ],
  ],
  ['Rain Jacket', 'Apparel', [['Size', ['M', 'L', 'XL']]]],
  ['Baseball Cap', 'Accessories', [['Color', ['Black', 'Olive', 'Sand']]]],
  ['Wrist Watch', 'Accessories', [['Strap', ['Leather', 'Steel']]]],
  ['Area Rug', 'Home', [['Size', ['Small', 'Large']]]],
  ['Coffee Beans', 'Grocery', [['Weight', ['250g', '1kg']]], 'reduced'],
  ['Paint Set', 'Art', [['Count', ['12', '24']]]],
  ['Running Shorts', 'Sports', [['Size', ['S', 'M', 'L']]]],
  ['Desk Chair', 'Furniture', [['Color', ['Grey', 'Black']]]],
  ['Ceramic Vase', 'Home', [['Finish', ['Matte', 'Glossy']]]],
];

const PRICES = [
  499, 799, 999, 1250, 1500, 1999, 2000, 2499, 2999, 3900, 4500, 4999, 5999, 7999, 8999, 12900, 19900,
];
const VENDORS = ['Sandbox Goods', 'Loopback & Co', 'Acme Supply', 'Nordic Craft'];

function slug(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function skuStem(title: string, index: number): string {
  if (title.startsWith('Café')) return 'CH-CAFÉ-咖啡';
  const letters = slug(title).replace(/-/g, '').slice(0, 5).toUpperCase();
  return `CH-${letters}-${String(index + 1).padStart(3, '0')}`;
}

function product(index: number, title: string, type: string, rng: Rng): CatalogProduct {
  return {
    index,
    title,
    handle: slug(title) || `product-${index + 1}`,
    vendor: rng.pick(VENDORS),
    productType: type,
    taxClass: 'standard',
    virtual: false,
    simple: true,
    optionNames: ['Title'],
    variants: [],
    homeLocation: rng.chance(0.25) ? 1 : 0,
    parentStock: null,
    tags: rng.chance(0.4) ? ['bestseller'] : [],
  };
}

/** The product catalog of a store: ~32 simple and 14 variable products, deterministic per seed. */
export function buildCatalog(seed: number): Catalog {
  const rng = new Rng(hashSeed(seed, 0xca7a));
  const products: CatalogProduct[] = [];
  const variants: CatalogVariant[] = [];
  const addVariant = (p: CatalogProduct, v: Omit<CatalogVariant, 'index' | 'productIndex' | 'position'>) => {
    const full = { ...v, index: variants.length, productIndex: p.index, position: p.variants.length + 1 };
    p.variants.push(full);
    variants.push(full);
  };
  for (const [title, type, taxClass, virtual] of SIMPLE) {
    const p = product(products.length, title, type, rng);
    p.taxClass = taxClass ?? 'standard';
    p.virtual = virtual ?? false;
    const price = title === 'E-Gift Card' ? 2500 : rng.pick(PRICES);
    addVariant(p, {
      title: 'Default Title',
      options: ['Default Title'],
      sku: skuStem(title, p.index),
      priceUsd: price,
      compareAtUsd: rng.chance(0.15) ? price + 500 : null,
      grams: p.virtual ? 0 : rng.int(50, 2000),
      stock: p.virtual ? 0 : rng.chance(0.05) ? 0 : rng.int(5, 400),
    });
    products.push(p);
  }
  for (const [title, type, options, taxClass] of VARIABLE) {
    const p = product(products.length, title, type, rng);
    p.simple = false;
    p.taxClass = taxClass ?? 'standard';
    p.optionNames = options.map(([name]) => name);
    const base = rng.pick(PRICES);
    const combos = options.reduce<string[][]>(
      (acc, [, values]) => acc.flatMap((c) => values.map((v) => [...c, v])),
      [[]],
    );
    p.parentStock = rng.chance(0.3) ? rng.int(10, 60) : null;
    for (const combo of combos) {
      const code = combo
        .map((c) =>
          c
            .replace(/[^A-Za-z0-9]/g, '')
            .slice(0, 3)
            .toUpperCase(),
        )
        .join('-');
      addVariant(p, {
        title: combo.join(' / '),
        options: combo,
        sku: `${skuStem(title, p.index)}-${code}`,
        priceUsd: base + (combo.includes('XL') || combo.includes('1kg') || combo.includes('Large') ? 500 : 0),
        compareAtUsd: null,
        grams: rng.int(100, 1500),
        stock: rng.chance(0.08) ? 0 : rng.int(0, 120),
      });
    }
    products.push(p);
  }
  return { products, variants };
}
