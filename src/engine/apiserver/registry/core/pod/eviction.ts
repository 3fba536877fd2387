import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { matchesLabelSelector } from '../../../../api/labels';
import type { KubeObject, Pod, Status } from '../../../../api/types';
import { clone } from '../../../patch';
import type { ApiRequest, Reply } from '../../../types';
import type { StorageContext } from '../../context';
import type { SubresourceREST } from '../../rest';
import type { Store } from '../../store';
import { genericStatusStrategy } from '../../strategy';
import { CREATED } from './binding';

/** k/k: policyv1.DisruptionBudgetCause. */
const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

function tooManyRequests(retryAfterSeconds: number, cause: string): Status {
  return {
    apiVersion: 'v1',
    kind: 'Status',
    status: 'Failure',
    message: VIOLATES,
    reason: 'TooManyRequests',
    details: { causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: cause }], retryAfterSeconds },
    code: 429,
  } as unknown as Status;
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * POST pods/<name>/eviction (k/k: pkg/registry/core/pod/storage/eviction.go): the API-initiated
 * way to delete a pod, used by `kubectl drain`. A pod that is pending, finished or already being
 * deleted goes at once; otherwise the one PodDisruptionBudget selecting it must allow a
 * disruption, which the eviction takes (status.disruptionsAllowed - 1, the pod in
 * status.disruptedPods) before deleting the pod, or the eviction is refused with 429.
 */
export class EvictionREST implements SubresourceREST {
  constructor(
    private readonly ctx: StorageContext,
    private readonly store: Store,
    /** The PodDisruptionBudgets' store, when the API serves them. */
    private readonly budgetStore: () => Store | undefined,
  ) {}

  create(req: ApiRequest, reply: Reply): void {
    const pod = this.ctx.peek(this.ctx.key(this.store.info, req.namespace, req.name ?? '')) as
      Pod | undefined;
    const phase = pod?.status?.phase;
    const budgets = this.budgetStore();
    // canIgnorePDB: nothing a budget protects is lost.
    if (
      !pod ||
      !budgets ||
      pod.metadata?.deletionTimestamp ||
      phase === 'Succeeded' ||
      phase === 'Failed' ||
      phase === 'Pending'
    )
      return this.deletePod(req, reply);
    const info = budgets.info;
    budgets.list({ verb: 'list', resource: info.plural, namespace: req.namespace }, (r) => {
      if (r.code !== 200) return reply(r);
      const pdbs = ((r.body as { items?: KubeObject[] }).items ?? []).filter((o) =>
        matchesLabelSelector(
          pod.metadata?.labels,
          (o as unknown as PodDisruptionBudget).spec?.selector,
        ),
      ) as unknown as PodDisruptionBudget[];
      if (pdbs.length === 0) return this.deletePod(req, reply);
      if (pdbs.length > 1)
        return reply({
          code: 500,
          body: {
            apiVersion: 'v1',
            kind: 'Status',
            status: 'Failure',
            message:
              'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
            reason: 'InternalError',
            code: 500,
          },
        });
      const pdb = pdbs[0];
      const st = pdb.status ?? {
        currentHealthy: 0,
        desiredHealthy: 0,
        disruptionsAllowed: 0,
        expectedPods: 0,
      };
      // An unready pod may go while the budget is met (unhealthyPodEvictionPolicy
      // IfHealthyBudget, the default) without taking a disruption.
      if (!isReady(pod)) {
        if (
          pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ||
          (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0)
        )
          return this.deletePod(req, reply);
      }
      // checkAndDecrement.
      if ((st.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0))
        return reply({
          code: 429,
          body: tooManyRequests(
            10,
            `The disruption budget ${pdb.metadata?.name} is still being processed by the server.`,
          ),
        });
      if (st.disruptionsAllowed <= 0)
        return reply({
          code: 429,
          body: tooManyRequests(
            0,
            `The disruption budget ${pdb.metadata?.name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`,
          ),
        });
      const podName = req.name ?? '';
      const now = this.ctx.clock.timestamp();
      budgets.update(
        {
          verb: 'update',
          resource: info.plural,
          subresource: 'status',
          namespace: req.namespace,
          name: pdb.metadata?.name,
        },
        (u) => (u.code < 300 ? this.deletePod(req, reply) : reply(u)),
        {
          status: genericStatusStrategy(),
          next: (live) => {
            const next = clone(live) as unknown as PodDisruptionBudget;
            const s = next.status!;
            s.disruptionsAllowed = Math.max(0, s.disruptionsAllowed - 1);
            s.disruptedPods = { ...(s.disruptedPods ?? {}), [podName]: now };
            if (s.disruptionsAllowed === 0)
              s.conditions = (s.conditions ?? []).map((c) =>
                c.type === 'DisruptionAllowed'
                  ? {
                      ...c,
                      status: 'False',
                      reason: 'InsufficientPods',
                      lastTransitionTime: now,
                    }
                  : c,
              );
            return next as unknown as KubeObject;
          },
        },
      );
    });
  }

  private deletePod(req: ApiRequest, reply: Reply): void {
    const opts = (req.body as { deleteOptions?: { gracePeriodSeconds?: number } } | undefined)
      ?.deleteOptions;
    this.store.delete(
      {
        ...req,
        verb: 'delete',
        subresource: undefined,
        gracePeriodSeconds: opts?.gracePeriodSeconds,
      },
      (r) => reply(r.code === 200 ? { code: 201, body: CREATED } : r),
    );
  }
}
