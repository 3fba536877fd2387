import { customResourceInfo, type ResourceInfo } from '../../api/resources';
import type { AdmissionChain } from '../admission/chain';
import type { StorageContext } from '../registry/context';
import type { SubresourceREST } from '../registry/rest';
import type { ResourceStorage } from '../registry/storage';
import { StatusREST } from '../registry/status';
import { Store } from '../registry/store';
import { genericStatusStrategy } from '../registry/strategy';
import { isConditionTrue, type Crd } from './conditions';
import { customResourceStrategy } from './customResourceStrategy';

interface Served {
  crd: Crd;
  info: ResourceInfo;
  storage: ResourceStorage;
}

/**
 * crd: the resources CustomResourceDefinitions define, as kube-apiserver's apiextensions-apiserver
 * serves them (k/k: pkg/apiserver/customresource_handler.go crdHandler): a CRD's resource is
 * served once its names are accepted, through the same generic store as every built-in resource
 * (with the schema's strategy), and listed in discovery once `Established`.
 */
export class CustomResources {
  /** By CRD name. */
  private readonly served = new Map<string, Served>();

  constructor(
    private readonly ctx: StorageContext,
    private readonly admission: AdmissionChain,
  ) {}

  /** A CRD was written (or, `undefined`, deleted): serve its resource as it now says. */
  observe(name: string, crd: Crd | undefined): void {
    if (!crd || !(isConditionTrue(crd, 'NamesAccepted') || isConditionTrue(crd, 'Established'))) {
      this.served.delete(name);
      return;
    }
    if (this.served.get(name)?.crd === crd) return;
    const info = customResourceInfo(crd);
    const store = new Store(this.ctx, info, customResourceStrategy(info), this.admission);
    const subresources = new Map<string, SubresourceREST>();
    if (info.subresources.includes('status'))
      subresources.set('status', new StatusREST(store, genericStatusStrategy()));
    this.served.set(name, { crd, info, storage: { store, subresources } });
  }

  /** The served resource for a plural (and group, when the request names one). */
  lookup(plural: string, group?: string): ResourceStorage | undefined {
    for (const s of this.served.values())
      if (s.info.plural === plural && (group === undefined || s.info.group === group))
        return s.storage;
    return undefined;
  }

  /** The resources discovery lists: those of Established CRDs, by CRD name. */
  discovery(): ResourceInfo[] {
    return [...this.served.values()]
      .filter((s) => isConditionTrue(s.crd, 'Established'))
      .map((s) => s.info)
      .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  }
}
