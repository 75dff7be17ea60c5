export { mapWooCommerceOrder, WOOCOMMERCE_CHANNEL } from './order-mapper';
export { isWooCommerceOrder, describeDocument } from './order-shape';
