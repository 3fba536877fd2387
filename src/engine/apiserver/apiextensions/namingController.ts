import { clone, jsonEqual } from '../patch';
import {
  CrdQueue,
  setCondition,
  updateStatus,
  type ApiExtensionsHost,
  type Crd,
} from './conditions';

/**
 * k/k: apiextensions-apiserver/pkg/controller/status/naming_controller.go. For each CRD it
 * decides which names it may have: those no other CRD of its group has accepted. It writes
 * `status.acceptedNames` and the `NamesAccepted` condition, and starts `Established` at False
 * (`Installing`) once the names are accepted; the establishing controller takes it from there.
 */
export class NamingConditionController {
  private readonly queue: CrdQueue;

  constructor(private readonly host: ApiExtensionsHost) {
    this.queue = new CrdQueue(host, (name) => this.sync(name));
  }

  /** The informer's handler: every CRD of the group is looked at again (a name may be freed). */
  observe(crd: Crd): void {
    for (const other of this.host.crds())
      if (other.spec?.group === crd.spec?.group) this.queue.add(other.metadata!.name!);
    this.queue.add(crd.metadata!.name!);
  }

  private sync(name: string): void {
    const live = this.host.crd(name);
    if (!live || live.metadata?.deletionTimestamp) return;
    const crd = clone(live) as Crd;
    const names = crd.spec.names;
    const conflict = this.conflict(crd);
    const now = this.host.timestamp();
    if (conflict) {
      setCondition(crd, {
        type: 'NamesAccepted',
        status: 'False',
        reason: conflict.reason,
        message: conflict.message,
        lastTransitionTime: now,
      });
    } else {
      crd.status = { ...crd.status!, acceptedNames: clone(names) };
      setCondition(crd, {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: now,
      });
    }
    const established = crd.status?.conditions?.find((c) => c.type === 'Established');
    if (!established)
      setCondition(crd, {
        type: 'Established',
        status: 'False',
        reason: conflict ? 'NotAccepted' : 'Installing',
        message: conflict ? 'not all names are accepted' : 'the initial names have been accepted',
        lastTransitionTime: now,
      });
    else if (established.status !== 'True' && !conflict)
      setCondition(crd, {
        type: 'Established',
        status: 'False',
        reason: 'Installing',
        message: 'the initial names have been accepted',
        lastTransitionTime: now,
      });
    if (jsonEqual(crd.status, live.status)) return;
    updateStatus(this.host, crd);
  }

  /** k/k getAcceptedNamesForGroup and the checks of calculateNamesAndConditions. */
  private conflict(crd: Crd): { reason: string; message: string } | undefined {
    const names = crd.spec.names;
    const taken = {
      plural: new Set<string>(),
      singular: new Set<string>(),
      kind: new Set<string>(),
    };
    const short = new Set<string>();
    for (const other of this.host.crds()) {
      if (other.metadata?.name === crd.metadata?.name || other.spec?.group !== crd.spec.group)
        continue;
      const a = other.status?.acceptedNames;
      if (!a) continue;
      if (a.plural) taken.plural.add(a.plural);
      if (a.singular) taken.singular.add(a.singular);
      if (a.kind) taken.kind.add(a.kind);
      if (a.listKind) taken.kind.add(a.listKind);
      for (const s of a.shortNames ?? []) short.add(s);
    }
    if (taken.plural.has(names.plural) || taken.singular.has(names.plural))
      return { reason: 'PluralConflict', message: `"${names.plural}" is already in use` };
    if (names.singular && (taken.plural.has(names.singular) || taken.singular.has(names.singular)))
      return { reason: 'SingularConflict', message: `"${names.singular}" is already in use` };
    for (const s of names.shortNames ?? [])
      if (short.has(s))
        return { reason: 'ShortNamesConflict', message: `"${s}" is already in use` };
    if (taken.kind.has(names.kind))
      return { reason: 'KindConflict', message: `"${names.kind}" is already in use` };
    if (names.listKind && taken.kind.has(names.listKind))
      return { reason: 'ListKindConflict', message: `"${names.listKind}" is already in use` };
    return undefined;
  }
}
