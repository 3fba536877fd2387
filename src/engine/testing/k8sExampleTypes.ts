/** The shape of the corpus's entries (./k8sExamples) and the helpers the entry lists share. */

/** The state a manifest ends in on a real cluster. */
export type ExampleEnd =
  /**
   * Every pod the example made in the namespace Running and Ready, `running` of them (`logs`: a
   * text the first pod's log contains).
   */
  | { running: number; namespace?: string; restarted?: boolean; logs?: string }
  /** Pods that ran to completion (`Completed`); `logs` is how the first pod's log begins. */
  | { succeeded: number; logs?: string }
  /** Objects stored, no pods (Services, ConfigMaps…): `kubectl get` lists them. */
  | { stored: string[] }
  /** `kubectl apply` refuses the file with this text on stderr (a removed API version…). */
  | { refused: string }
  /** The pods' STATUS column, and a text their logs contain. */
  | { status: string[]; logs?: string }
  /** Created, then deleted by a controller (`kubectl get` finds it no more). */
  | { deleted: string };

export interface Example {
  /** Path under k8s-examples/, as under content/en/examples/. */
  file: string;
  /**
   * kubectl commands the tutorial runs first (`create namespace mem-example`); `apply -f` reads
   * the corpus's files (`apply -f admin/resource/quota-pod.yaml -n quota-pod-example`).
   */
  before?: string[];
  /** The namespace the tutorial applies the file to (`--namespace=…`), where it is checked. */
  namespace?: string;
  ends: ExampleEnd;
  /** A kind another track adds; the file is refused until then. */
  pending?: {
    kind: string;
    apiVersion: string;
    // corpus-apps: corpus-policy adds PodDisruptionBudget (application/zookeeper/zookeeper.yaml).
    track: 'workloads' | 'storage' | 'corpus-policy';
  };
  /** A warning kubectl prints on stderr as it applies the file (otherwise stderr stays empty). */
  warning?: string;
  /** Why the tutorial's state cannot be reached without internet access. */
  offline?: string;
  /** Not checked yet since the kind landed: what to look at (the test is skipped). */
  todo?: string;
  // jobs: what kubectl prints at the end (a Job's status fields the docs page shows); the example
  // has reached its end state only once each output contains its texts.
  shows?: { kubectl: string; contains: string[] }[];
}

/** Strict field validation's refusal of a Pod field newer than v1.31. */
export function newerField(path: string): string {
  return `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "${path}"`;
}

/**
 * The files of one quota or limit-range task page, in its order: each is applied to the page's
 * namespace after the namespace, the policy (`first`) and the pods the page ran before it (pods
 * the page deletes before the next step are not applied again).
 */
export function quotaTask(
  namespace: string,
  first: string,
  steps: { file: string; ends: ExampleEnd }[],
): Example[] {
  return steps.map((step, i) => {
    // The pages delete each LimitRange pod before the next; the quota pages keep theirs.
    const keeps = first.includes('quota');
    const earlier = steps
      .slice(0, i)
      .map((s) => s.file)
      .filter((f) => f !== first);
    return {
      file: step.file,
      namespace,
      before: [
        `create namespace ${namespace}`,
        ...(step.file === first ? [] : [first]),
        ...(keeps
          ? earlier.filter((f) => !('refused' in steps.find((s) => s.file === f)!.ends))
          : []),
      ].map((x) => (x.startsWith('create ') ? x : `apply -f ${x} --namespace=${namespace}`)),
      ends: 'running' in step.ends ? { ...step.ends, namespace } : step.ends,
    };
  });
}
