import type { ApiStage } from '../stages';
import type { Status } from '../../api/types';
import type { Attributes, MutatingPlugin, Operation, ValidatingPlugin } from './interfaces';

const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE'];

/** A step of the server itself inside the mutating stage (defaulting, system fields). */
export interface ServerStep {
  /** How the trace names it, after the plugins. */
  readonly name: string;
  run(): void;
}

/**
 * The admission chain (k/k: staging/src/k8s.io/apiserver/pkg/admission/chain.go): the enabled
 * plugins in their configured order, each asked whether it handles the operation. It knows
 * nothing of any plugin; each phase is one traced stage naming the plugins it runs.
 */
export class AdmissionChain {
  private readonly mutatingFor = new Map<Operation, readonly MutatingPlugin[]>();
  private readonly validatingFor = new Map<Operation, readonly ValidatingPlugin[]>();
  /**
   * The stages' summaries (the plugins' names), the same for every request of an operation:
   * made once, not joined on every write. Mutating: by operation, then the server step's name.
   */
  private readonly mutatingSummary = new Map<Operation, Map<string, string>>();
  private readonly validatingSummary = new Map<Operation, string>();

  constructor(
    mutating: readonly MutatingPlugin[],
    validating: readonly ValidatingPlugin[],
    private readonly stage: (name: ApiStage, summary: string) => void,
  ) {
    for (const op of OPERATIONS) {
      this.mutatingFor.set(
        op,
        mutating.filter((p) => p.operations.includes(op)),
      );
      this.validatingFor.set(
        op,
        validating.filter((p) => p.operations.includes(op)),
      );
      this.mutatingSummary.set(op, new Map());
      this.validatingSummary.set(
        op,
        this.validatingFor
          .get(op)!
          .map((p) => p.name)
          .join(', '),
      );
    }
  }

  /**
   * Mutating admission. Plugins that only decide run first, then the server's own step, then
   * the plugins that change the object, in their order. The first refusal ends the chain.
   */
  admit(a: Attributes, step: ServerStep): Status | undefined {
    const plugins = this.mutatingFor.get(a.operation)!;
    const summaries = this.mutatingSummary.get(a.operation)!;
    let summary = summaries.get(step.name);
    if (summary === undefined) {
      summary = [...plugins.map((p) => p.name), step.name].join(', ');
      summaries.set(step.name, summary);
    }
    this.stage('mutating admission', summary);
    for (const p of plugins) {
      if (p.mutates) continue;
      const refusal = p.admit(a);
      if (refusal) return refusal;
    }
    step.run();
    for (const p of plugins) {
      if (!p.mutates) continue;
      const refusal = p.admit(a);
      if (refusal) return refusal;
    }
    return undefined;
  }

  /** Validating admission: every plugin that handles the operation, in order. */
  validate(a: Attributes): Status | undefined {
    const plugins = this.validatingFor.get(a.operation)!;
    this.stage('validating admission', this.validatingSummary.get(a.operation)!);
    for (const p of plugins) {
      const refusal = p.validate(a);
      if (refusal) return refusal;
    }
    return undefined;
  }
}
