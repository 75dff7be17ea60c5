import { NotFoundError } from './errors';
import type { BaseEcommerceIntegration } from './integration';

/** Connectors by platform name. Core knows none of them: they register themselves at start. */
export class ConnectorRegistry {
  private readonly connectors = new Map<string, BaseEcommerceIntegration>();

  register(connector: BaseEcommerceIntegration): this {
    const name = connector.platform;
    if (this.connectors.has(name)) throw new Error(`a connector for ${name} is already registered`);
    this.connectors.set(name, connector);
    return this;
  }

  get(platform: string): BaseEcommerceIntegration {
    const connector = this.connectors.get(platform);
    if (!connector) {
      throw new NotFoundError(
        `no connector for platform "${platform}" (known: ${this.platforms().join(', ')})`,
      );
    }
    return connector;
  }

  has(platform: string): boolean {
    return this.connectors.has(platform);
  }

  platforms(): string[] {
    return [...this.connectors.keys()].sort();
  }
}
