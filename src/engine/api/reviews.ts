import type { ResourceInfo } from './resources';

function review(
  kind: string,
  apiVersion: string,
  plural: string,
  namespaced = false,
): ResourceInfo {
  const [group, version] = apiVersion.split('/');
  return {
    kind,
    apiVersion,
    group,
    version,
    plural,
    singular: '',
    shortNames: [],
    namespaced,
    etcdPrefix: '',
    subresources: [],
    kubectlType: `${kind.toLowerCase()}.${group}`,
  };
}

/**
 * authz: authorization.k8s.io/v1's and authentication.k8s.io/v1's create-only reviews, which the
 * API server answers and never stores (so the resource table does not hold them), as
 * kube-apiserver v1.31 lists them in discovery (k/k: pkg/registry/authorization/rest,
 * pkg/registry/authentication/rest). TokenReview is not served: the simulated cluster has no
 * token authenticator to ask.
 */
export const REVIEWS: readonly ResourceInfo[] = [
  review('SelfSubjectReview', 'authentication.k8s.io/v1', 'selfsubjectreviews'),
  review('LocalSubjectAccessReview', 'authorization.k8s.io/v1', 'localsubjectaccessreviews', true),
  review('SelfSubjectAccessReview', 'authorization.k8s.io/v1', 'selfsubjectaccessreviews'),
  review('SelfSubjectRulesReview', 'authorization.k8s.io/v1', 'selfsubjectrulesreviews'),
  review('SubjectAccessReview', 'authorization.k8s.io/v1', 'subjectaccessreviews'),
];
